using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// The few stubs and log queries the contract tests repeat, on top of WireMock.Net's fluent API
/// (<c>server.Given(Request.Create()...).RespondWith(Response.Create()...)</c>).
/// </summary>
public static class WireMockStubs
{
    /// <summary>The states of <see cref="GivenSequence"/>: the first step runs while the scenario has not started.</summary>
    public static string SequenceState(int step) => "step " + step.ToString(CultureInfo.InvariantCulture);

    /// <summary>A request with this method and exactly this path (any query).</summary>
    public static IRequestBuilder On(string method, string path) =>
        Request.Create().UsingMethod(method.ToUpperInvariant()).WithPath(new ExactMatcher(path));

    /// <summary>Requires the header to be absent.</summary>
    public static IRequestBuilder WithoutHeader(this IRequestBuilder request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.WithHeader(name, "*", MatchBehaviour.RejectOnMatch);
    }

    /// <summary>An answer with this status, no body.</summary>
    public static IResponseBuilder Status(int status) => Response.Create().WithStatusCode(status);

    /// <summary>A JSON answer (<c>Content-Type: application/json</c>); fails here when the fixture is not JSON.</summary>
    public static IResponseBuilder Json(int status, string json)
    {
        _ = JsonNode.Parse(json);
        return Text(status, json, "application/json");
    }

    /// <summary>A text answer with this content type.</summary>
    public static IResponseBuilder Text(int status, string body, string contentType) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(Encoding.UTF8.GetBytes(body));

    /// <summary>A binary answer with this content type.</summary>
    public static IResponseBuilder Bytes(int status, ReadOnlySpan<byte> body, string contentType) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body.ToArray());

    /// <summary>
    /// Chains the answers to <paramref name="request"/> in a scenario: the first matching request gets the first answer,
    /// the next one the second, and so on; the last answer repeats. The states are <c>step 2</c>, <c>step 3</c>, ...
    /// </summary>
    public static void GivenSequence(this WireMockServer server, string scenario, IRequestBuilder request, params IResponseBuilder[] answers)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(answers);
        for (var i = 0; i < answers.Length; i++)
        {
            var step = server.Given(request).InScenario(scenario);
            if (i > 0)
            {
                step = step.WhenStateIs(SequenceState(i + 1));
            }

            // WireMock.Net clears the state after a step without a next one: the last step keeps its own
            step.WillSetStateTo(SequenceState(Math.Min(i + 2, answers.Length))).RespondWith(answers[i]);
        }
    }

    /// <summary>The state a scenario is in now.</summary>
    public static string? ScenarioState(this WireMockServer server, string scenario)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Scenarios[scenario].NextState;
    }

    /// <summary>
    /// A download of <paramref name="body"/> at <c>GET <paramref name="path"/></c> whose connection drops after each offset in
    /// <paramref name="cutOffsets"/>, and which a client can resume with <c>Range</c>:
    /// without <c>Range</c>: <c>200</c> promising the whole size but sending only the bytes before the first cut;
    /// with <c>Range: bytes=N-</c> where N is a cut offset: <c>206</c> with <c>Content-Range</c>, the bytes up to the next cut;
    /// with any other <c>Range</c>: <c>416</c>. Every answer carries <c>Accept-Ranges: bytes</c>, and <c>ETag</c> when given.
    /// </summary>
    public static void GivenInterruptedDownload(
        this WireMockServer server, string path, ReadOnlyMemory<byte> body, IReadOnlyList<int> cutOffsets, string contentType = "application/octet-stream", string? etag = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(cutOffsets);
        var size = body.Length;
        for (var i = 0; i < cutOffsets.Count; i++)
        {
            if (cutOffsets[i] <= (i == 0 ? 0 : cutOffsets[i - 1]) || cutOffsets[i] >= size)
            {
                throw new ArgumentException($"Cut offsets must be increasing and inside (0, {size}); got {string.Join(", ", cutOffsets)}.", nameof(cutOffsets));
            }
        }

        for (var segment = 0; segment <= cutOffsets.Count; segment++)
        {
            var start = segment == 0 ? 0 : cutOffsets[segment - 1];
            var end = segment == cutOffsets.Count ? size : cutOffsets[segment];
            var request = On("GET", path);
            var response = Bytes(segment == 0 ? 200 : 206, body.Span[start..end], contentType).WithHeader("Accept-Ranges", "bytes");
            if (segment == 0)
            {
                request.WithoutHeader("Range");
            }
            else
            {
                request.WithHeader("Range", new ExactMatcher(string.Create(CultureInfo.InvariantCulture, $"bytes={start}-")));
                response.WithHeader("Content-Range", string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{size - 1}/{size}"));
            }

            if (end < size)
            {
                response.WithBodyCutShort(size - start); // promises the rest of the file, sends up to the cut
            }

            if (etag is not null)
            {
                response.WithHeader("ETag", etag);
            }

            server.Given(request).AtPriority(1).RespondWith(response);
        }

        server.Given(On("GET", path).WithHeader("Range", "*")).AtPriority(10).RespondWith(Response.Create()
            .WithStatusCode(416)
            .WithHeader("Content-Range", string.Create(CultureInfo.InvariantCulture, $"bytes */{size}"))
            .WithHeader("Accept-Ranges", "bytes"));
    }

    // ----- the request log -----

    /// <summary>Every request received, oldest first.</summary>
    public static IReadOnlyList<IRequestMessage> Requests(this WireMockServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return [.. server.LogEntries.Select(e => e.RequestMessage!).OrderBy(r => r.DateTime)];
    }

    /// <summary>The requests with this method and exactly this path (any query), oldest first.</summary>
    public static IReadOnlyList<IRequestMessage> Requests(this WireMockServer server, string method, string path) =>
        [.. server.Requests().Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && r.RawPath() == path)];

    /// <summary>How many requests had this method and exactly this path (any query).</summary>
    public static int Count(this WireMockServer server, string method, string path) => server.Requests(method, path).Count;

    /// <summary>Fails with the list of requests no stub matched (a typo in a path, a body that did not match).</summary>
    public static void AssertNoUnmatchedRequests(this WireMockServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var unmatched = server.LogEntries.Where(e => e.MappingGuid is null).Select(e => e.RequestMessage!).ToList();
        Assert.True(unmatched.Count == 0, "No stub matched: " + string.Join("; ", unmatched.Select(r => $"{r.Method} {r.PathAndQuery()} {r.Body}")));
    }

    /// <summary>The path as sent, not URL-decoded (WireMock.Net's <c>Path</c> is decoded).</summary>
    public static string RawPath(this IRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Uri(request.AbsoluteUrl).AbsolutePath;
    }

    /// <summary>The query string as sent, without <c>?</c> (empty when there is none).</summary>
    public static string RawQuery(this IRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Uri(request.AbsoluteUrl).Query.TrimStart('?');
    }

    /// <summary>Path and query as sent, e.g. <c>/v1/videos?limit=2</c>.</summary>
    public static string PathAndQuery(this IRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Uri(request.AbsoluteUrl).PathAndQuery;
    }

    /// <summary>The first value of a header (names are case-insensitive), or null when it was not sent.</summary>
    public static string? Header(this IRequestMessage request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
    }

    /// <summary>The body bytes exactly as received (empty when there was none).</summary>
    public static byte[] BodyBytes(this IRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.BodyAsBytes ?? (request.Body is { } text ? Encoding.UTF8.GetBytes(text) : []);
    }

    /// <summary>The body decoded as UTF-8.</summary>
    public static string BodyText(this IRequestMessage request) => Encoding.UTF8.GetString(request.BodyBytes());

    /// <summary>The body parsed as JSON.</summary>
    public static JsonNode? BodyJson(this IRequestMessage request) => JsonNode.Parse(request.BodyBytes());
}
