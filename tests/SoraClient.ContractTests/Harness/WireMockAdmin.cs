using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// A small client of WireMock's admin REST API (<c>/__admin</c>): stubs, scenarios, body files and the request
/// journal. Every failing admin call throws <see cref="InvalidOperationException"/> with WireMock's answer.
/// </summary>
/// <example>
/// <code>
/// await admin.ResetAsync();
/// await admin.StubJsonAsync("GET", "/v1/videos/video_1", 200, """{"id":"video_1","status":"completed"}""");
/// // ... call the SDK with base address admin.ServerBaseUri ...
/// var sent = Assert.Single(await admin.FindRequestsAsync("GET", "/v1/videos/video_1"));
/// Assert.Equal("Bearer sk-test", sent.Header("Authorization"));
/// </code>
/// </example>
public sealed class WireMockAdmin : IDisposable
{
    /// <summary>The state every WireMock scenario starts in (and returns to on reset).</summary>
    public const string StartedState = "Started";

    private readonly HttpClient _http;
    private int _fileCounter;

    public WireMockAdmin(Uri serverBaseUri)
    {
        ArgumentNullException.ThrowIfNull(serverBaseUri);
        ServerBaseUri = serverBaseUri;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(serverBaseUri, "__admin/"),
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    /// <summary>The stubbed server's address (not the admin API's).</summary>
    public Uri ServerBaseUri { get; }

    // ----- reset -----

    /// <summary>Removes every mapping, scenario (with its state), body file and journal entry.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await SendAsync(HttpMethod.Post, "reset", null, cancellationToken);
        var files = JsonNode.Parse(await SendAsync(HttpMethod.Get, "files", null, cancellationToken)) as JsonArray ?? [];
        foreach (var file in files)
        {
            await SendAsync(HttpMethod.Delete, "files/" + Uri.EscapeDataString(file!.GetValue<string>()), null, cancellationToken);
        }
    }

    /// <summary>Clears the request journal only.</summary>
    public Task ResetRequestsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "requests", null, cancellationToken);

    // ----- mappings -----

    /// <summary>Adds a mapping given as raw WireMock JSON; returns its id.</summary>
    public async Task<Guid> AddMappingAsync(string mappingJson, CancellationToken cancellationToken = default)
    {
        var answer = JsonNode.Parse(await SendAsync(HttpMethod.Post, "mappings", Json(mappingJson), cancellationToken));
        return Guid.Parse(answer?["id"]?.GetValue<string>() ?? throw new InvalidOperationException("WireMock returned a mapping without an id."));
    }

    /// <summary>Adds a mapping given as a JSON object; returns its id.</summary>
    public Task<Guid> AddMappingAsync(JsonObject mapping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return AddMappingAsync(mapping.ToJsonString(), cancellationToken);
    }

    /// <summary>Adds a mapping built with <see cref="WireMockMapping"/>; returns its id.</summary>
    public Task<Guid> AddMappingAsync(WireMockMapping mapping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return AddMappingAsync(mapping.ToJson(), cancellationToken);
    }

    public Task RemoveMappingAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "mappings/" + id.ToString("D"), null, cancellationToken);

    /// <summary>All mappings as WireMock reports them.</summary>
    public async Task<JsonArray> GetMappingsAsync(CancellationToken cancellationToken = default) =>
        JsonNode.Parse(await SendAsync(HttpMethod.Get, "mappings", null, cancellationToken))?["mappings"] as JsonArray ?? [];

    /// <summary>Stubs <paramref name="method"/> <paramref name="urlPath"/> (any query) to answer JSON with this status and extra headers.</summary>
    public Task<Guid> StubJsonAsync(
        string method,
        string urlPath,
        int status,
        string json,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        CancellationToken cancellationToken = default)
    {
        var mapping = WireMockMapping.ForPath(method, urlPath).RespondWithJson(status, json);
        foreach (var (name, value) in headers ?? [])
        {
            mapping.WithResponseHeader(name, value);
        }

        return AddMappingAsync(mapping, cancellationToken);
    }

    /// <summary>Stubs <paramref name="method"/> <paramref name="urlPath"/> to answer with a network fault.</summary>
    public Task<Guid> StubFaultAsync(string method, string urlPath, WireMockFault fault, CancellationToken cancellationToken = default) =>
        AddMappingAsync(WireMockMapping.ForPath(method, urlPath).RespondWithFault(fault), cancellationToken);

    /// <summary>
    /// Chains the mappings into a scenario named <paramref name="scenarioName"/>: the first matching request gets the
    /// first step's response, the next one the second, and so on; the last step answers every later request.
    /// Typical use: a job that is <c>queued</c>, then <c>in_progress</c>, then <c>completed</c> on successive polls.
    /// The states are named <c>Started</c>, <c>step 2</c>, <c>step 3</c>, ...
    /// </summary>
    public async Task<IReadOnlyList<Guid>> StubSequenceAsync(string scenarioName, IReadOnlyList<WireMockMapping> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            throw new ArgumentException("A sequence needs at least one step.", nameof(steps));
        }

        var ids = new List<Guid>();
        for (var i = 0; i < steps.Count; i++)
        {
            var required = i == 0 ? StartedState : SequenceState(i + 1);
            var next = i == steps.Count - 1 ? null : SequenceState(i + 2);
            ids.Add(await AddMappingAsync(steps[i].InScenario(scenarioName, required, next), cancellationToken));
        }

        return ids;
    }

    // ----- scenarios -----

    /// <summary>The current state of a scenario (throws when no mapping defines it).</summary>
    public async Task<string> GetScenarioStateAsync(string scenarioName, CancellationToken cancellationToken = default)
    {
        var scenarios = JsonNode.Parse(await SendAsync(HttpMethod.Get, "scenarios", null, cancellationToken))?["scenarios"] as JsonArray ?? [];
        var scenario = scenarios.FirstOrDefault(s => string.Equals(s?["name"]?.GetValue<string>(), scenarioName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"WireMock has no scenario '{scenarioName}'.");
        return scenario["state"]!.GetValue<string>();
    }

    /// <summary>
    /// Moves a scenario to <paramref name="state"/>. WireMock 3 does not URL-decode the scenario name in this call, so
    /// only names made of letters, digits and <c>-._~</c> can be set (others are refused here with an explanation).
    /// </summary>
    public Task SetScenarioStateAsync(string scenarioName, string state, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scenarioName);
        if (!string.Equals(Uri.EscapeDataString(scenarioName), scenarioName, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"WireMock cannot set the state of scenario '{scenarioName}': its admin API does not URL-decode scenario names. " +
                "Use only letters, digits and -._~ in scenario names whose state a test sets.",
                nameof(scenarioName));
        }

        return SendAsync(HttpMethod.Put, $"scenarios/{scenarioName}/state", Json(new JsonObject { ["state"] = state }.ToJsonString()), cancellationToken);
    }

    /// <summary>Moves every scenario back to <see cref="StartedState"/> (keeps the mappings).</summary>
    public Task ResetScenariosAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "scenarios/reset", null, cancellationToken);

    // ----- body files and downloads -----

    /// <summary>Stores a body file (in WireMock's <c>__files</c>) for <see cref="WireMockMapping.RespondWithBodyFile"/>.</summary>
    public Task PutFileAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream"); // anything else is parsed as a form
        return SendAsync(HttpMethod.Put, "files/" + Uri.EscapeDataString(fileName), body, cancellationToken);
    }

    /// <summary>
    /// Stubs a binary response of any size (stored as a body file, sent with an exact <c>Content-Length</c> and
    /// <c>Accept-Ranges: bytes</c>).
    /// </summary>
    public async Task<Guid> StubBinaryAsync(
        string method,
        string urlPath,
        ReadOnlyMemory<byte> body,
        string contentType = "application/octet-stream",
        int status = 200,
        CancellationToken cancellationToken = default)
    {
        var fileName = NextFileName("binary");
        await PutFileAsync(fileName, body, cancellationToken);
        return await AddMappingAsync(
            WireMockMapping.ForPath(method, urlPath)
                .RespondWithBodyFile(status, fileName, contentType)
                .WithResponseHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))
                .WithResponseHeader("Accept-Ranges", "bytes"),
            cancellationToken);
    }

    /// <summary>
    /// Stubs a download of <paramref name="body"/> at <c>GET <paramref name="urlPath"/></c> whose connection drops
    /// after each offset in <paramref name="cutOffsets"/>, and which a client can resume with <c>Range</c>:
    /// <list type="bullet">
    /// <item>without a <c>Range</c> header: <c>200</c>, <c>Content-Length</c> = the full size, but only the bytes before
    /// the first cut are sent, then the connection is closed;</item>
    /// <item>with <c>Range: bytes=N-</c> where N is a cut offset: <c>206</c>, <c>Content-Range: bytes N-(size-1)/size</c>,
    /// <c>Content-Length</c> = size - N, the bytes up to the next cut (or to the end after the last cut);</item>
    /// <item>with any other <c>Range</c>: <c>416</c> with <c>Content-Range: bytes */size</c>.</item>
    /// </list>
    /// Every answer carries <c>Accept-Ranges: bytes</c>, and <c>ETag</c> when <paramref name="etag"/> is given.
    /// A .NET client reads exactly the bytes before the cut, then gets an <see cref="HttpIOException"/>
    /// (<see cref="HttpRequestError.ResponseEnded"/>) from the response stream.
    /// With no cut offsets this is a plain Range-aware download.
    /// </summary>
    public async Task StubInterruptedDownloadAsync(
        string urlPath,
        ReadOnlyMemory<byte> body,
        IReadOnlyList<int> cutOffsets,
        string contentType = "application/octet-stream",
        string? etag = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cutOffsets);
        var size = body.Length;
        for (var i = 0; i < cutOffsets.Count; i++)
        {
            if (cutOffsets[i] <= (i == 0 ? 0 : cutOffsets[i - 1]) || cutOffsets[i] >= size)
            {
                throw new ArgumentException($"Cut offsets must be increasing and inside (0, {size}); got {string.Join(", ", cutOffsets)}.", nameof(cutOffsets));
            }
        }

        var sizeText = size.ToString(CultureInfo.InvariantCulture);
        for (var segment = 0; segment <= cutOffsets.Count; segment++)
        {
            var start = segment == 0 ? 0 : cutOffsets[segment - 1];
            var end = segment == cutOffsets.Count ? size : cutOffsets[segment];
            var fileName = NextFileName("download");
            await PutFileAsync(fileName, body[start..end], cancellationToken);

            var mapping = WireMockMapping.ForPath("GET", urlPath);
            if (segment == 0)
            {
                mapping.WithoutHeader("Range").RespondWithBodyFile(200, fileName, contentType);
            }
            else
            {
                var startText = start.ToString(CultureInfo.InvariantCulture);
                mapping.WithHeader("Range", $"bytes={startText}-")
                    .RespondWithBodyFile(206, fileName, contentType)
                    .WithResponseHeader("Content-Range", $"bytes {startText}-{(size - 1).ToString(CultureInfo.InvariantCulture)}/{sizeText}");
            }

            // the promised length is always the rest of the file: a shorter body makes Jetty close the connection
            mapping.WithResponseHeader("Content-Length", (size - start).ToString(CultureInfo.InvariantCulture))
                .WithResponseHeader("Accept-Ranges", "bytes");
            if (etag is not null)
            {
                mapping.WithResponseHeader("ETag", etag);
            }

            await AddMappingAsync(mapping, cancellationToken);
        }

        var unsatisfiable = WireMockMapping.ForPath("GET", urlPath)
            .WithHeaderMatching("Range", ".*")
            .WithPriority(10)
            .RespondWithStatus(416)
            .WithResponseHeader("Content-Range", $"bytes */{sizeText}")
            .WithResponseHeader("Accept-Ranges", "bytes");
        await AddMappingAsync(unsatisfiable, cancellationToken);
    }

    // ----- request journal -----

    /// <summary>Every request received since the last reset, oldest first.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> GetRequestsAsync(CancellationToken cancellationToken = default)
    {
        var answer = JsonNode.Parse(await SendAsync(HttpMethod.Get, "requests", null, cancellationToken));
        var requests = ReadRequests(answer?["requests"]);
        return [.. requests.AsEnumerable().Reverse()]; // WireMock lists the newest first
    }

    /// <summary>The requests with this method (or <c>ANY</c>) and exactly this path (any query), oldest first.</summary>
    public Task<IReadOnlyList<LoggedRequest>> FindRequestsAsync(string method, string urlPath, CancellationToken cancellationToken = default) =>
        FindRequestsAsync(RequestPattern(method, urlPath), cancellationToken);

    /// <summary>The requests matching a WireMock request pattern (the <c>request</c> part of a mapping), oldest first.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> FindRequestsAsync(JsonObject requestPattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestPattern);
        var answer = JsonNode.Parse(await SendAsync(HttpMethod.Post, "requests/find", Json(requestPattern.ToJsonString()), cancellationToken));
        return ReadRequests(answer?["requests"]);
    }

    /// <summary>How many requests had this method (or <c>ANY</c>) and exactly this path (any query).</summary>
    public Task<int> CountRequestsAsync(string method, string urlPath, CancellationToken cancellationToken = default) =>
        CountRequestsAsync(RequestPattern(method, urlPath), cancellationToken);

    /// <summary>How many requests matched a WireMock request pattern (<c>POST /__admin/requests/count</c>).</summary>
    public async Task<int> CountRequestsAsync(JsonObject requestPattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestPattern);
        var answer = JsonNode.Parse(await SendAsync(HttpMethod.Post, "requests/count", Json(requestPattern.ToJsonString()), cancellationToken));
        return answer?["count"]?.GetValue<int>() ?? throw new InvalidOperationException("WireMock's count answer has no count.");
    }

    /// <summary>The requests that no stub matched (WireMock answered them 404), oldest first.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> GetUnmatchedRequestsAsync(CancellationToken cancellationToken = default)
    {
        var answer = JsonNode.Parse(await SendAsync(HttpMethod.Get, "requests/unmatched", null, cancellationToken));
        return [.. ReadRequests(answer?["requests"]).OrderBy(r => r.LoggedAt)];
    }

    /// <summary>Fails the test when a request matched no stub, listing each with the closest stub WireMock found.</summary>
    public async Task AssertNoUnmatchedRequestsAsync(CancellationToken cancellationToken = default)
    {
        var unmatched = await GetUnmatchedRequestsAsync(cancellationToken);
        if (unmatched.Count == 0)
        {
            return;
        }

        var message = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"WireMock received {unmatched.Count} request(s) that no stub matched:");
        var nearMisses = JsonNode.Parse(await SendAsync(HttpMethod.Get, "requests/unmatched/near-misses", null, cancellationToken))?["nearMisses"] as JsonArray ?? [];
        foreach (var request in unmatched)
        {
            message.AppendLine(CultureInfo.InvariantCulture, $"  {request.Describe()}");
            var closest = nearMisses.FirstOrDefault(n =>
                string.Equals(n?["request"]?["url"]?.GetValue<string>(), request.Url, StringComparison.Ordinal)
                && string.Equals(n?["request"]?["method"]?.GetValue<string>(), request.Method, StringComparison.Ordinal));
            if (closest?["stubMapping"]?["request"] is JsonNode stubRequest)
            {
                message.AppendLine(CultureInfo.InvariantCulture, $"    closest stub: {stubRequest.ToJsonString()}");
            }
        }

        Assert.Fail(message.ToString());
    }

    public void Dispose() => _http.Dispose();

    private static JsonObject RequestPattern(string method, string urlPath) => new()
    {
        ["method"] = method.ToUpperInvariant(),
        ["urlPath"] = urlPath,
    };

    private static List<LoggedRequest> ReadRequests(JsonNode? requests) =>
        (requests as JsonArray ?? []).OfType<JsonObject>().Select(LoggedRequest.FromJson).ToList();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string SequenceState(int step) => "step " + step.ToString(CultureInfo.InvariantCulture);

    private string NextFileName(string prefix) =>
        $"{prefix}-{Interlocked.Increment(ref _fileCounter).ToString(CultureInfo.InvariantCulture)}.bin";

    private async Task<string> SendAsync(HttpMethod method, string relativePath, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, relativePath) { Content = content };
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"WireMock admin call {method} /__admin/{relativePath} failed with HTTP {(int)response.StatusCode}: {Truncate(body)}");
        }

        return body;
    }

    private static string Truncate(string text) => text.Length <= 4000 ? text : string.Concat(text.AsSpan(0, 4000), "...");
}
