using System.Text.Json;
using AudienceRelay.Core.Contract;

namespace AudienceRelay.Store;

/// <summary>
/// How engine-independent values are written to and read from the schema (audience type, skip reasons),
/// so that every engine stores them byte for byte alike.
/// </summary>
internal static class StoreFormats
{
    public static AudienceType ParseType(string text) => text == "primary" ? AudienceType.Primary : AudienceType.Custom;

    public static string TypeText(AudienceType type) => type == AudienceType.Primary ? "primary" : "custom";

    public static IReadOnlyDictionary<string, int> ParseReasons(string json) =>
        JsonSerializer.Deserialize(json, StoreJsonContext.Default.DictionaryStringInt32) ?? [];

    public static string ReasonsJson(IReadOnlyDictionary<string, int> reasons) =>
        JsonSerializer.Serialize(reasons.ToDictionary(), StoreJsonContext.Default.DictionaryStringInt32);
}
