using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SoraClient.ContractTests.Harness;

/// <summary>A request as WireMock received it (one entry of its request journal).</summary>
public sealed class LoggedRequest
{
    private readonly byte[] _body;

    private LoggedRequest(
        string method,
        string url,
        Uri absoluteUrl,
        IReadOnlyDictionary<string, IReadOnlyList<string>> headers,
        byte[] body,
        DateTimeOffset loggedAt,
        bool? wasMatched)
    {
        Method = method;
        Url = url;
        AbsoluteUrl = absoluteUrl;
        Headers = headers;
        _body = body;
        LoggedAt = loggedAt;
        WasMatched = wasMatched;
    }

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>Path and query string as sent, e.g. <c>/v1/videos?limit=2</c>.</summary>
    public string Url { get; }

    /// <summary>The path without the query string, e.g. <c>/v1/videos</c>.</summary>
    public string Path => Url.Split('?', 2)[0];

    /// <summary>The query string without <c>?</c> (empty when there is none).</summary>
    public string Query => Url.Contains('?', StringComparison.Ordinal) ? Url.Split('?', 2)[1] : "";

    public Uri AbsoluteUrl { get; }

    /// <summary>Every header as sent; names are case-insensitive.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>The body bytes, exactly as received.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyAsString => Encoding.UTF8.GetString(_body);

    public DateTimeOffset LoggedAt { get; }

    /// <summary>Whether a stub matched (known for <see cref="WireMockAdmin.GetRequestsAsync"/>; null from the find endpoints).</summary>
    public bool? WasMatched { get; }

    /// <summary>The first value of a header, or null when it was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The body bytes as a new array.</summary>
    public byte[] BodyToArray() => (byte[])_body.Clone();

    /// <summary>The body parsed as JSON (throws when it is not JSON).</summary>
    public JsonNode? BodyAsJson() => JsonNode.Parse(_body);

    /// <summary>The body parsed as <c>multipart/form-data</c>, using the boundary of the Content-Type header.</summary>
    public MultipartFormData BodyAsMultipart() =>
        MultipartFormData.Parse(Header("Content-Type") ?? throw new InvalidOperationException($"{this} has no Content-Type header."), _body);

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Url}";

    /// <summary>Reads a journal entry: either a serve event (<c>{"request": {...}, "wasMatched": ...}</c>) or a bare request.</summary>
    internal static LoggedRequest FromJson(JsonObject entry)
    {
        var request = entry["request"] as JsonObject ?? entry;
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (request["headers"] is JsonObject headerObject)
        {
            foreach (var (name, value) in headerObject)
            {
                headers[name] = value switch
                {
                    JsonArray values => values.Select(v => v?.GetValue<string>() ?? "").ToList(),
                    null => [],
                    _ => [value.GetValue<string>()],
                };
            }
        }

        var base64 = request["bodyAsBase64"]?.GetValue<string>();
        var body = !string.IsNullOrEmpty(base64)
            ? Convert.FromBase64String(base64)
            : Encoding.UTF8.GetBytes(request["body"]?.GetValue<string>() ?? "");
        var loggedDate = request["loggedDate"]?.GetValue<long>() ?? 0;
        var url = request["url"]?.GetValue<string>() ?? "";
        var absoluteUrl = request["absoluteUrl"]?.GetValue<string>();
        return new LoggedRequest(
            request["method"]?.GetValue<string>() ?? "",
            url,
            absoluteUrl is null ? new Uri(url, UriKind.Relative) : new Uri(absoluteUrl),
            headers,
            body,
            DateTimeOffset.FromUnixTimeMilliseconds(loggedDate),
            entry.ContainsKey("wasMatched") ? entry["wasMatched"]?.GetValue<bool>() : null);
    }

    internal string Describe()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Method} {Url}");
        if (_body.Length > 0)
        {
            var contentType = Header("Content-Type") ?? "";
            text.Append(CultureInfo.InvariantCulture, $" ({_body.Length} bytes{(contentType.Length > 0 ? ", " + contentType : "")})");
        }

        return text.ToString();
    }
}
