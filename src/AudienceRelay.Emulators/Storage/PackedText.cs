using System.Text;

namespace AudienceRelay.Emulators.Storage;

/// <summary>
/// A member's text in about a third of the memory: UTF-8, with every run of exactly 64 lower-case hex digits (a SHA-256
/// digest, which is what the platforms store) written as its 32 bytes behind a marker. A 64-hex string costs 152 bytes
/// as a .NET string and 57 here; an emulator holding 200,000 members of several platforms needs that difference (docs/benchmarks.md,
/// Memory in the sandbox). The marker byte 0 cannot clash with text: a NUL in the text is written as two zero bytes.
/// </summary>
internal static class PackedText
{
    private const int DigestChars = 64;
    private const byte Marker = 0;
    private const byte DigestTag = 1;

    public static byte[] Pack(string text)
    {
        var output = new List<byte>(text.Length);
        Span<byte> digest = stackalloc byte[DigestChars / 2];
        var literalStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (IsDigestAt(text, i))
            {
                AddLiteral(output, text.AsSpan(literalStart, i - literalStart));
                output.Add(Marker);
                output.Add(DigestTag);
                Convert.FromHexString(text.AsSpan(i, DigestChars), digest, out _, out _);
                output.AddRange(digest);
                i += DigestChars;
                literalStart = i;
            }
            else
            {
                i++;
            }
        }

        AddLiteral(output, text.AsSpan(literalStart));
        return [.. output];
    }

    public static string Unpack(ReadOnlySpan<byte> packed)
    {
        var text = new StringBuilder(packed.Length * 2);
        var literalStart = 0;
        var i = 0;
        while (i < packed.Length)
        {
            if (packed[i] != Marker)
            {
                i++;
                continue;
            }

            text.Append(Encoding.UTF8.GetString(packed[literalStart..i]));
            if (packed[i + 1] == DigestTag)
            {
                text.Append(Convert.ToHexStringLower(packed.Slice(i + 2, DigestChars / 2)));
                i += 2 + (DigestChars / 2);
            }
            else
            {
                text.Append('\0');
                i += 2;
            }

            literalStart = i;
        }

        return text.Append(Encoding.UTF8.GetString(packed[literalStart..])).ToString();
    }

    /// <summary>Exactly 64 lower-case hex digits, not part of a longer run (so unpacking gives the same text back).</summary>
    private static bool IsDigestAt(string text, int start)
    {
        if (start + DigestChars > text.Length || (start > 0 && IsLowerHex(text[start - 1])))
        {
            return false;
        }

        for (var i = start; i < start + DigestChars; i++)
        {
            if (!IsLowerHex(text[i]))
            {
                return false;
            }
        }

        return start + DigestChars == text.Length || !IsLowerHex(text[start + DigestChars]);
    }

    private static bool IsLowerHex(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';

    private static void AddLiteral(List<byte> output, ReadOnlySpan<char> literal)
    {
        foreach (var b in Encoding.UTF8.GetBytes(literal.ToString()))
        {
            output.Add(b);
            if (b == Marker)
            {
                output.Add(Marker);
            }
        }
    }
}
