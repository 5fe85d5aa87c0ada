using System.Net.Http.Headers;
using System.Text;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// A <c>multipart/form-data</c> body split into its parts (RFC 7578), to assert on what the SDK uploaded:
/// <c>request.BodyAsMultipart()["prompt"].ContentAsString</c>.
/// </summary>
public sealed class MultipartFormData
{
    private MultipartFormData(string boundary, IReadOnlyList<MultipartPart> parts)
    {
        Boundary = boundary;
        Parts = parts;
    }

    public string Boundary { get; }

    /// <summary>The parts in the order they were sent.</summary>
    public IReadOnlyList<MultipartPart> Parts { get; }

    /// <summary>The first part with this form field name; throws listing the names that were sent when there is none.</summary>
    public MultipartPart this[string name] => Find(name)
        ?? throw new KeyNotFoundException($"No multipart part named '{name}'; the parts are: {string.Join(", ", Parts.Select(p => p.Name))}.");

    /// <summary>The first part with this form field name, or null.</summary>
    public MultipartPart? Find(string name) => Parts.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>Splits <paramref name="body"/> with the boundary named in <paramref name="contentType"/>.</summary>
    public static MultipartFormData Parse(string contentType, ReadOnlySpan<byte> body)
    {
        var mediaType = MediaTypeHeaderValue.Parse(contentType);
        if (!string.Equals(mediaType.MediaType, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Expected a multipart/form-data body, got Content-Type '{contentType}'.");
        }

        var boundary = mediaType.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"')
            ?? throw new FormatException($"The Content-Type '{contentType}' has no boundary.");
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var nextDelimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);

        var start = body.IndexOf(delimiter);
        if (start < 0)
        {
            throw new FormatException($"The body does not contain the boundary '{boundary}'.");
        }

        var parts = new List<MultipartPart>();
        var position = start + delimiter.Length;
        while (true)
        {
            var rest = body[position..];
            if (rest.StartsWith("--"u8))
            {
                break; // closing delimiter
            }

            if (!rest.StartsWith("\r\n"u8))
            {
                throw new FormatException($"Expected CRLF after the boundary at byte {position}.");
            }

            position += 2;
            var headerEnd = body[position..].IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0)
            {
                throw new FormatException($"A part starting at byte {position} has no end of headers.");
            }

            var headers = ParseHeaders(Encoding.UTF8.GetString(body.Slice(position, headerEnd)));
            position += headerEnd + 4;
            var contentEnd = body[position..].IndexOf(nextDelimiter);
            if (contentEnd < 0)
            {
                throw new FormatException($"A part starting at byte {position} is not closed by the boundary.");
            }

            parts.Add(new MultipartPart(headers, body.Slice(position, contentEnd).ToArray()));
            position += contentEnd + nextDelimiter.Length;
        }

        return new MultipartFormData(boundary, parts);
    }

    private static Dictionary<string, string> ParseHeaders(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }
}

/// <summary>One part of a <c>multipart/form-data</c> body.</summary>
public sealed class MultipartPart
{
    private readonly byte[] _content;

    internal MultipartPart(IReadOnlyDictionary<string, string> headers, byte[] content)
    {
        Headers = headers;
        _content = content;
        if (headers.TryGetValue("Content-Disposition", out var disposition))
        {
            var parsed = ContentDispositionHeaderValue.Parse(disposition);
            Name = Unquote(parsed.Name);
            FileName = parsed.FileNameStar ?? Unquote(parsed.FileName);
        }
    }

    /// <summary>The part's headers (names are case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The form field name from <c>Content-Disposition</c>.</summary>
    public string? Name { get; }

    /// <summary>The file name from <c>Content-Disposition</c> (<c>filename*</c> preferred), or null for a plain field.</summary>
    public string? FileName { get; }

    /// <summary>The part's <c>Content-Type</c> header, or null.</summary>
    public string? ContentType => Headers.TryGetValue("Content-Type", out var value) ? value : null;

    public ReadOnlyMemory<byte> Content => _content;

    public string ContentAsString => Encoding.UTF8.GetString(_content);

    public byte[] ContentToArray() => (byte[])_content.Clone();

    /// <inheritdoc />
    public override string ToString() => FileName is null ? $"{Name}={ContentAsString}" : $"{Name} (file {FileName}, {_content.Length} bytes, {ContentType})";

    private static string? Unquote(string? value) => value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
