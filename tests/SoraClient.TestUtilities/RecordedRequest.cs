using System.Text;

namespace SoraClient.Testing;

/// <summary>A request the <see cref="StubHttpHandler"/> received, with its body buffered.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? ContentType)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The parts of a multipart/form-data body.</summary>
    public IReadOnlyList<MultipartPart> MultipartParts() => MultipartPart.Parse(Body, ContentType);
}
