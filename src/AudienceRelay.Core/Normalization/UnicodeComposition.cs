using System.Collections.Frozen;
using System.Text;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Canonical composition (the composing half of NFC, UAX #15) and accent stripping, from our own
/// table: the service runs with invariant globalization, where <c>string.Normalize</c> is a no-op.
/// Composing a decomposed string ("e" + U+0301) gives the same text as NFC, so "Valéry" hashes the
/// same whichever way it was typed; an already composed string is returned unchanged.
/// </summary>
internal static class UnicodeComposition
{
    private const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28, HangulSCount = 11172;

    private static readonly byte[] Classes = BuildClasses();
    private static readonly FrozenDictionary<int, char> Composites = BuildComposites();
    private static readonly FrozenDictionary<char, (char First, char Second)> Decompositions =
        Composites.ToFrozenDictionary(p => p.Value, p => ((char)(p.Key >> 16), (char)(p.Key & 0xFFFF)));

    private static readonly bool[] Seconds = BuildSeconds();

    /// <summary>Canonical composition of <paramref name="text"/>; the same instance when nothing composes.</summary>
    public static string Compose(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u0300', '\uFFFF') || !HasSecond(text))
        {
            return text;
        }

        var result = text.ToCharArray();
        var starter = -1;
        var lastClass = 0;
        var length = 0;
        foreach (var c in text)
        {
            var cls = Classes[c];
            if (starter >= 0 && (lastClass == 0 ? length == starter + 1 : lastClass < cls) && TryCompose(result[starter], c, out var composite))
            {
                result[starter] = composite;
                continue;
            }

            if (cls == 0)
            {
                starter = length;
            }

            lastClass = cls;
            result[length++] = c;
        }

        return new string(result, 0, length);
    }

    /// <summary>Base characters only: every canonical composite decomposed, every combining mark dropped ("Côte" → "Cote").</summary>
    public static string RemoveMarks(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            AppendBase(builder, c);
        }

        return builder.ToString();
    }

    private static void AppendBase(StringBuilder builder, char c)
    {
        if (Decompositions.TryGetValue(c, out var parts))
        {
            AppendBase(builder, parts.First);
            AppendBase(builder, parts.Second);
        }
        else if (Classes[c] == 0)
        {
            builder.Append(c);
        }
    }

    private static bool HasSecond(string text)
    {
        foreach (var c in text)
        {
            if (Seconds[c])
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryCompose(char first, char second, out char composite)
    {
        int l = first - HangulLBase, v = second - HangulVBase, s = first - HangulSBase, t = second - HangulTBase;
        if (l is >= 0 and < HangulLCount && v is >= 0 and < HangulVCount)
        {
            composite = (char)(HangulSBase + (((l * HangulVCount) + v) * HangulTCount));
            return true;
        }

        if (s is >= 0 and < HangulSCount && s % HangulTCount == 0 && t is > 0 and < HangulTCount)
        {
            composite = (char)(first + t);
            return true;
        }

        return Composites.TryGetValue((first << 16) | second, out composite);
    }

    private static byte[] BuildClasses()
    {
        var classes = new byte[0x10000];
        var data = UnicodeCompositionData.CombiningClasses;
        for (var i = 0; i + 2 < data.Length; i += 3)
        {
            for (int c = data[i]; c <= data[i + 1]; c++)
            {
                classes[c] = (byte)data[i + 2];
            }
        }

        return classes;
    }

    private static FrozenDictionary<int, char> BuildComposites()
    {
        var map = new Dictionary<int, char>();
        var data = UnicodeCompositionData.Pairs;
        for (var i = 0; i + 2 < data.Length; i += 3)
        {
            map[(data[i] << 16) | data[i + 1]] = data[i + 2];
        }

        return map.ToFrozenDictionary();
    }

    private static bool[] BuildSeconds()
    {
        var seconds = new bool[0x10000];
        foreach (var key in Composites.Keys)
        {
            seconds[key & 0xFFFF] = true;
        }

        for (var c = HangulVBase; c < HangulVBase + HangulVCount; c++)
        {
            seconds[c] = true;
        }

        for (var c = HangulTBase + 1; c < HangulTBase + HangulTCount; c++)
        {
            seconds[c] = true;
        }

        return seconds;
    }
}
