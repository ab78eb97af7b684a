using System.Buffers;
using System.Text.Unicode;

namespace AudienceRelay.Cli.Input;

/// <summary>
/// Refuses a file that is not valid UTF-8 before anything is read or sent, naming the line of the
/// first bad byte. Decoding it anyway would replace the bad bytes and send mangled emails and names
/// without a word (a Latin-1 export is the usual case). A file with a UTF-16 or UTF-32 byte order
/// mark is decoded by that mark and not checked here.
/// </summary>
internal static class Utf8Check
{
    private const int ChunkSize = 64 * 1024;

    public static void Run(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.SequentialScan);
        var buffer = new byte[ChunkSize + 4];
        var chars = new char[ChunkSize + 4];
        var carried = 0;
        var line = 1;
        var first = true;
        while (true)
        {
            var read = stream.Read(buffer, carried, ChunkSize);
            var available = carried + read;
            if (first && HasWideByteOrderMark(buffer.AsSpan(0, available)))
            {
                return;
            }

            first = false;
            var status = Utf8.ToUtf16(buffer.AsSpan(0, available), chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: read == 0);
            line += buffer.AsSpan(0, consumed).Count((byte)'\n');
            if (status == OperationStatus.InvalidData)
            {
                throw new InputException(line, "the file is not valid UTF-8 (a byte that no UTF-8 text holds; often a Latin-1 or Windows-1252 export). Save it as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8.csv");
            }

            if (read == 0)
            {
                return;
            }

            // An incomplete sequence at the end of the chunk is carried over to the next read.
            carried = available - consumed;
            buffer.AsSpan(consumed, carried).CopyTo(buffer);
        }
    }

    private static bool HasWideByteOrderMark(ReadOnlySpan<byte> start) =>
        start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
}
