using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace SoraClient.Testing;

/// <summary>One part of a multipart/form-data body.</summary>
public sealed partial record MultipartPart(string Name, string? FileName, string? ContentType, byte[] Data)
{
    public string Text => Encoding.UTF8.GetString(Data);

    public static IReadOnlyList<MultipartPart> Parse(byte[] body, string? contentType)
    {
        var boundary = BoundaryPattern().Match(contentType ?? string.Empty).Groups["b"].Value.Trim('"');
        Assert.False(string.IsNullOrEmpty(boundary), $"Not a multipart content type: {contentType}");
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<MultipartPart>();
        var positions = new List<int>();
        for (var i = 0; i <= body.Length - delimiter.Length; i++)
        {
            if (body.AsSpan(i, delimiter.Length).SequenceEqual(delimiter))
            {
                positions.Add(i);
            }
        }

        for (var p = 0; p < positions.Count - 1; p++)
        {
            var start = positions[p] + delimiter.Length + 2; // CRLF after the delimiter
            var end = positions[p + 1] - 2; // CRLF before the next delimiter
            var section = body.AsSpan(start, end - start);
            var headerEnd = section.IndexOf("\r\n\r\n"u8);
            var headers = Encoding.UTF8.GetString(section[..headerEnd]);
            var data = section[(headerEnd + 4)..].ToArray();
            var name = NamePattern().Match(headers).Groups["v"].Value;
            var fileNameMatch = FileNamePattern().Match(headers);
            var typeMatch = ContentTypePattern().Match(headers);
            parts.Add(new MultipartPart(name, fileNameMatch.Success ? fileNameMatch.Groups["v"].Value : null,
                typeMatch.Success ? typeMatch.Groups["v"].Value.Trim() : null, data));
        }

        return parts;
    }

    [GeneratedRegex("boundary=(?<b>[^;]+)")]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex("\\bname=\"?(?<v>[^\";]+)\"?")]
    private static partial Regex NamePattern();

    [GeneratedRegex("filename=\"?(?<v>[^\";]+)\"?")]
    private static partial Regex FileNamePattern();

    [GeneratedRegex("(?i)content-type:(?<v>[^\r\n]+)")]
    private static partial Regex ContentTypePattern();
}
