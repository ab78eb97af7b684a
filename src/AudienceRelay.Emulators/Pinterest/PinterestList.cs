using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.Pinterest;

/// <summary>One customer list: its members and the counters Pinterest reports. Changed only under <see cref="PinterestState"/>'s lock.</summary>
internal sealed class PinterestList(string id, string adAccountId, string name, string listType, DateTimeOffset created)
{
    private readonly PackedStringSet _members = new();

    public string Id => id;
    public string AdAccountId => adAccountId;
    public string Name => name;
    public long NumBatches { get; private set; }
    public long Uploaded { get; private set; }
    public long Removed { get; private set; }

    public int MemberCount => _members.Count;

    public IReadOnlySet<string> Members => _members.ToHashSet(StringComparer.Ordinal);

    /// <summary>ADD or REMOVE records. Like Pinterest, the counters count every record sent, found or not.</summary>
    public void Apply(string operation, IReadOnlyList<string> records)
    {
        NumBatches++;
        foreach (var record in records)
        {
            _ = operation == "REMOVE" ? _members.Remove(record) : _members.Add(record);
        }

        if (operation == "REMOVE")
        {
            Removed += records.Count;
        }
        else
        {
            Uploaded += records.Count;
        }
    }

    /// <summary>The CustomerList object: status TOO_SMALL below the minimum of matched accounts, READY from it.</summary>
    public JsonObject ToJson(int minimum) => new()
    {
        ["id"] = id,
        ["ad_account_id"] = adAccountId,
        ["name"] = name,
        ["type"] = "customerlist",
        ["list_type"] = listType,
        ["created_time"] = created.ToUnixTimeSeconds(),
        ["num_batches"] = NumBatches,
        ["num_uploaded_user_records"] = Uploaded,
        ["num_removed_user_records"] = Removed,
        ["status"] = _members.Count < minimum ? "TOO_SMALL" : "READY",
    };
}
