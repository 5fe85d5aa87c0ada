using System.Text.Json;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>
/// Finds the JSON records in a GrsAI body, however it is framed: SSE-style <c>data: {json}</c> records (with or
/// without the space, separated by a blank line or a single newline, CRLF or LF), bare JSON lines, one JSON object
/// for the whole body (with or without the <c>data:</c> prefix, even spread over several lines), and an end of stream
/// with or without a sentinel. <c>event:</c>, <c>id:</c>, <c>retry:</c> and comment lines, <c>[DONE]</c> and lines that
/// are not JSON are skipped.
/// </summary>
internal static class GrsAIRecordReader
{
    /// <summary>The largest record the reader buffers; a longer one means the body is not what GrsAI sends.</summary>
    public const int MaxRecordBytes = 4 * 1024 * 1024;

    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Every record of a complete body.</summary>
    public static List<JsonElement> ReadAll(ReadOnlySpan<byte> body)
    {
        var records = new List<JsonElement>();
        while (TryRead(body, isFinal: true, out var record, out var consumed))
        {
            records.Add(record);
            body = body[consumed..];
        }

        return records;
    }

    /// <summary>
    /// Reads the next record from the start of <paramref name="buffer"/>. Returns <see langword="false"/> when the buffer
    /// holds no complete record yet (or, when <paramref name="isFinal"/>, none at all); <paramref name="consumed"/> then
    /// counts the bytes that can be dropped (skipped lines and prefixes).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, bool isFinal, out JsonElement record, out int consumed)
    {
        record = default;
        var position = 0;
        while (true)
        {
            position = SkipWhitespace(buffer, position);
            if (position >= buffer.Length)
            {
                consumed = position;
                return false;
            }

            var rest = buffer[position..];
            if (rest[0] == (byte)'{')
            {
                switch (TryReadObject(rest, isFinal, out record, out var length))
                {
                    case ObjectResult.Complete:
                        consumed = position + length;
                        return true;
                    case ObjectResult.Incomplete:
                        consumed = position;
                        return false;
                }

                // Malformed: drop the line and look further.
            }
            else if (rest.StartsWith(DataPrefix))
            {
                position += DataPrefix.Length;
                if (position < buffer.Length && buffer[position] == (byte)' ')
                {
                    position++;
                }

                continue;
            }
            else if (!isFinal && DataPrefix.StartsWith(rest))
            {
                consumed = position; // "da" at the end of a chunk: wait for the rest of the prefix
                return false;
            }

            // Anything else on this line (event:, id:, comments, [DONE], text that is not JSON) is skipped.
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                consumed = isFinal ? buffer.Length : position;
                return false;
            }

            position += newline + 1;
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> buffer, int position)
    {
        while (position < buffer.Length)
        {
            if (buffer[position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                position++;
            }
            else if (buffer[position..].StartsWith(ByteOrderMark))
            {
                position += ByteOrderMark.Length;
            }
            else
            {
                break;
            }
        }

        return position;
    }

    private static ObjectResult TryReadObject(ReadOnlySpan<byte> json, bool isFinal, out JsonElement record, out int length)
    {
        record = default;
        length = 0;
        try
        {
            var reader = new Utf8JsonReader(json, isFinal, default);
            if (!reader.Read() || !reader.TrySkip())
            {
                return isFinal ? ObjectResult.Malformed : ObjectResult.Incomplete;
            }

            length = (int)reader.BytesConsumed;
            var value = new Utf8JsonReader(json[..length]);
            record = JsonElement.ParseValue(ref value);
            return ObjectResult.Complete;
        }
        catch (JsonException)
        {
            return ObjectResult.Malformed;
        }
    }

    private enum ObjectResult
    {
        Complete,
        Incomplete,
        Malformed,
    }
}
