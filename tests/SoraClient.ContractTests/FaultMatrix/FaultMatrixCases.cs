using System.Globalization;
using System.Text;
using SoraClient.ContractTests.Harness;
using WireMock.ResponseBuilders;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.FaultMatrix;

/// <summary>
/// How a case sets up its fault: the gateway's first answer is the fault and every later one is healthy, or, when
/// <paramref name="Persistent"/>, every answer is the fault.
/// </summary>
public sealed record FaultSetup(MatrixGateway Gateway, MatrixCall Call, MatrixContext Context, ConnectionRefusals Refusals, bool Persistent)
{
    /// <summary>The first request (or every request) gets <paramref name="fault"/>, every later one the healthy answer.</summary>
    public void Answer(IResponseBuilder fault)
    {
        if (Persistent)
        {
            Context.Server.Given(On(Call.Method, Call.Path)).RespondWith(fault);
        }
        else
        {
            Context.Server.GivenSequence("fault", On(Call.Method, Call.Path), fault, Call.Success(Context));
        }
    }

    /// <summary>A JSON body, or for a download the gateway's JSON error page, as the gateway would send it.</summary>
    public IResponseBuilder HealthyCutShort() => Call.Success(Context).WithBodyCutShort(FaultMatrixCases.MaxResponseBytes - 1);
}

/// <summary>One row of the matrix: a fault the gateway (or the network) produces on the first request of a call.</summary>
/// <param name="Id">Stable id, used in test names.</param>
/// <param name="Title">The row's title in the README.</param>
/// <param name="Arrange">Sets the fault up.</param>
/// <param name="FirstWait">When the SDK retries, the delay it must have waited before the retry (the server's hint), if the row is about one.</param>
/// <param name="FiresAttemptTimeout">The answer is held back: the case fires the attempt timeout once the request has arrived.</param>
/// <param name="ReportedRetryAfter">When the call fails, the <see cref="VideoProviderException.RetryAfter"/> it must report.</param>
public sealed record MatrixFault(string Id, string Title, Action<FaultSetup> Arrange, TimeSpan? FirstWait = null, bool FiresAttemptTimeout = false,
    TimeSpan? ReportedRetryAfter = null);

/// <summary>
/// The fault matrix: every gateway × every call it has × every fault, and what the SDK does (the outcome and the number of
/// requests the server received). The README's reliability table is rendered from this file (<see cref="RenderTable"/>).
/// Every case runs with <c>MaxRetries = 2</c>; the fault hits the first request only, so "retried → ok (2)" means one retry.
/// </summary>
public static class FaultMatrixCases
{
    public const string ApiKey = "sk-faultmatrix-5e4d3c2b1a0f9e8d7c6b5a49";

    /// <summary>Small limits, so that an oversized or endless body is cheap to send.</summary>
    public const int MaxResponseBytes = 16 * 1024;

    public const int MaxRetries = 2;

    private const string Retried = "ok 2";
    private const string Uncertain = "uncertain 1";
    private const string InvalidResponse = "VideoProviderException/invalid_response 1";
    private const string NotAVideo = "VideoProviderException/not_a_video 1";
    private const string TooLarge = "VideoProviderException/download_too_large 1";
    private const string RateLimited = "VideoRateLimitException 3";
    private const string Failed = "VideoProviderException 3";
    private const string Unreachable = "VideoProviderException/connection_failed";
    private const string NotRetried = "—";

    private const string Html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    private const string PlainMessage = "The server had an error while processing your request";
    private const string RateLimitMessage = "Rate limit exceeded: too many requests, please slow down";

    public static IReadOnlyList<MatrixFault> Faults { get; } =
    [
        new("429", "429, no `Retry-After`", s => s.Answer(Json(429, s.Gateway.RateLimitBody(RateLimitMessage)))),
        new("429-seconds", "429, `Retry-After: 7`", s => s.Answer(Json(429, s.Gateway.RateLimitBody(RateLimitMessage)).WithHeader("Retry-After", "7")),
            FirstWait: TimeSpan.FromSeconds(7)),
        new("429-date", "429, `Retry-After` as an HTTP date 9 s ahead", s => s.Answer(Json(429, s.Gateway.RateLimitBody(RateLimitMessage))
            .WithHeader("Retry-After", s.Context.Clock.GetUtcNow().AddSeconds(9).ToString("R", CultureInfo.InvariantCulture))), FirstWait: TimeSpan.FromSeconds(9)),
        new("429-zero", "429, `Retry-After: 0`", s => s.Answer(Json(429, s.Gateway.RateLimitBody(RateLimitMessage)).WithHeader("Retry-After", "0")),
            FirstWait: TimeSpan.Zero),
        new("429-long", "429, `Retry-After: 3600` (over 60 s: reported, not waited)",
            s => s.Answer(Json(429, s.Gateway.RateLimitBody(RateLimitMessage)).WithHeader("Retry-After", "3600")),
            ReportedRetryAfter: TimeSpan.FromHours(1)),
        new("429-1e300", "429, `Retry-After: 1e300` (ignored)", s => s.Answer(Json(429, s.Gateway.RateLimitBody(RateLimitMessage)).WithHeader("Retry-After", "1e300"))),
        .. new[] { 500, 502, 503, 504, 408 }.SelectMany(status => new MatrixFault[]
        {
            new(status.ToString(CultureInfo.InvariantCulture), $"{status}", s => s.Answer(Json(status, s.Gateway.ErrorBody(PlainMessage)))),
            new($"{status}-rate-limit", $"{status}, body says \"rate limit\"", s => s.Answer(Json(status, s.Gateway.ErrorBody(RateLimitMessage)))),
        }),
        new("refused", "connection refused (nothing sent)", s =>
        {
            s.Refusals.RefuseNext(s.Persistent ? int.MaxValue : 1);
            s.Context.Server.Given(On(s.Call.Method, s.Call.Path)).RespondWith(s.Call.Success(s.Context));
        }),
        new("reset", "connection reset before the answer", s => s.Answer(s.Call.Success(s.Context).WithNetworkFault(NetworkFault.ConnectionResetByPeer))),
        new("cut", "connection closed mid-body", s =>
        {
            if (s.Call.IsDownload)
            {
                var length = s.Context.Video.Length;
                int[] cuts = s.Persistent ? [length / 4, length / 2, length * 3 / 4] : [length / 2]; // persistent: every resume is cut too
                s.Context.Server.GivenInterruptedDownload(s.Call.Path, s.Context.Video, cuts, "video/mp4", "\"v1\"");
            }
            else
            {
                s.Answer(s.HealthyCutShort());
            }
        }),
        new("empty", "empty answer (closed, no byte)", s => s.Answer(s.Call.Success(s.Context).WithNetworkFault(NetworkFault.EmptyResponse))),
        new("malformed-chunk", "malformed chunk", s => s.Answer(s.Call.Success(s.Context).WithNetworkFault(NetworkFault.MalformedResponseChunk))),
        new("random", "random bytes instead of HTTP", s => s.Answer(s.Call.Success(s.Context).WithNetworkFault(NetworkFault.RandomDataThenClose))),
        new("slow", "no answer within the attempt timeout", s => s.Answer(s.Call.Success(s.Context).WithNetworkFault(NetworkFault.NoAnswer)),
            FiresAttemptTimeout: true),
        new("html-200", "HTML page with 200", s => s.Answer(Text(200, Html, "text/html"))),
        new("html-502", "HTML page with 502", s => s.Answer(Text(502, Html, "text/html"))),
        new("truncated", "truncated JSON with 200", s => s.Answer(Text(200, Truncated(s), "application/json"))),
        new("oversized", "200 body larger than the limit (declared length)", s => s.Answer(s.Call.IsDownload
            ? Bytes(200, new byte[4 * MaxResponseBytes], "video/mp4")
            : Text(200, Padding(4 * MaxResponseBytes), "application/json"))),
        new("endless", "200 body that never ends (chunked)", s => s.Answer((s.Call.IsDownload
            ? Bytes(200, s.Context.Video, "video/mp4")
            : Text(200, Padding(1024), "application/json")).WithNetworkFault(NetworkFault.EndlessBody))),
        new("envelope", "error envelope in a 200", s => s.Answer(Json(200, s.Gateway.OkErrorEnvelope))),
        new("envelope-busy", "\"rate limit\" envelope in a 200", s => s.Answer(Json(200, s.Gateway.OkBusyEnvelope))),
    ];

    /// <summary>
    /// What the SDK does, per fault: the outcome of a create (and a character create), a read (status or batch) and a download,
    /// then the gateways whose outcome differs. Outcomes: <c>ok N</c>, <c>uncertain N</c> (<see cref="VideoSubmissionUncertainException"/>),
    /// or an exception type, with the SDK's own error code after a slash, then the number of requests the gateway received.
    /// </summary>
    private static readonly Dictionary<string, Expectation> s_expected = new()
    {
        ["429"] = new(Retried, Retried, Retried),
        ["429-seconds"] = new(Retried, Retried, Retried),
        ["429-date"] = new(Retried, Retried, Retried),
        ["429-zero"] = new(Retried, Retried, Retried),
        ["429-1e300"] = new(Retried, Retried, Retried),
        ["429-long"] = new("VideoRateLimitException 1", "VideoRateLimitException 1", "VideoRateLimitException 1"),
        ["500"] = new(Uncertain, Retried, Retried),
        ["500-rate-limit"] = new(Uncertain, Retried, Retried),
        ["502"] = new(Uncertain, Retried, Retried),
        ["502-rate-limit"] = new(Uncertain, Retried, Retried),
        ["503"] = new(Retried, Retried, Retried),
        ["503-rate-limit"] = new(Retried, Retried, Retried),
        ["504"] = new(Uncertain, Retried, Retried),
        ["504-rate-limit"] = new(Uncertain, Retried, Retried),
        ["408"] = new(Retried, Retried, Retried),
        ["408-rate-limit"] = new(Retried, Retried, Retried),
        ["refused"] = new("ok 1", "ok 1", "ok 1"), // retried, but the refused attempt never reached the gateway
        ["reset"] = new(Uncertain, Retried, Retried),
        ["cut"] = new(Uncertain, Retried, Retried), // the download resumes with Range
        ["empty"] = new(Uncertain, Retried, Retried),
        ["malformed-chunk"] = new(Uncertain, Retried, Retried),
        ["random"] = new(Uncertain, Retried, Retried),
        ["slow"] = new(Uncertain, Retried, Retried),
        ["html-200"] = new(Uncertain, InvalidResponse, NotAVideo),
        ["html-502"] = new(Uncertain, Retried, Retried),
        ["truncated"] = new(Uncertain, InvalidResponse, NotAVideo),
        ["oversized"] = new(Uncertain, Retried, TooLarge),
        ["endless"] = new(Uncertain, Retried, TooLarge),

        // The OpenAI protocol has no error envelope in a 2xx: such a body is an unreadable answer (a create's is uncertain).
        // AceData's and aivideoapi's envelopes report a server error: on a create, like a 5xx, the job may exist (uncertain).
        // GrsAI's undocumented code -2 is an error of unknown kind, not a transient one, so a read is not retried.
        ["envelope"] = new("VideoProviderException 1", Retried, "VideoProviderException 1",
            ("openai", MatrixOperation.Create, Uncertain), ("openai", MatrixOperation.StatusRead, InvalidResponse), ("openai", MatrixOperation.Download, NotAVideo),
            ("acedata", MatrixOperation.Create, Uncertain), ("aivideoapi", MatrixOperation.Create, Uncertain),
            ("grsai", MatrixOperation.StatusRead, "VideoProviderException 1")),
        ["envelope-busy"] = new(Retried, Retried, "VideoRateLimitException 1",
            ("openai", MatrixOperation.Create, Uncertain), ("openai", MatrixOperation.StatusRead, InvalidResponse), ("openai", MatrixOperation.Download, NotAVideo)),
    };

    /// <summary>
    /// What the SDK does when the fault hits every request, for the calls it retried above: the retries end (after
    /// <see cref="MaxRetries"/>) in this outcome. Same notation.
    /// </summary>
    private static readonly Dictionary<string, Expectation> s_persistent = new()
    {
        ["429"] = new(RateLimited, RateLimited, RateLimited),
        ["429-seconds"] = new(RateLimited, RateLimited, RateLimited),
        ["429-date"] = new(RateLimited, RateLimited, RateLimited),
        ["429-zero"] = new(RateLimited, RateLimited, RateLimited),
        ["429-1e300"] = new(RateLimited, RateLimited, RateLimited),

        // GrsAI's error bodies have no kind: a "rate limit" in the message makes any status a rate limit (still uncertain on a create but 503/408).
        ["500"] = new(NotRetried, Failed, Failed),
        ["500-rate-limit"] = new(NotRetried, Failed, Failed, GrsAIRateLimited(MatrixOperation.StatusRead, MatrixOperation.Download)),
        ["502"] = new(NotRetried, Failed, Failed),
        ["502-rate-limit"] = new(NotRetried, Failed, Failed, GrsAIRateLimited(MatrixOperation.StatusRead, MatrixOperation.Download)),
        ["503"] = new(Failed, Failed, Failed),
        ["503-rate-limit"] = new(Failed, Failed, Failed,
            GrsAIRateLimited(MatrixOperation.Create, MatrixOperation.Character, MatrixOperation.StatusRead, MatrixOperation.Download)),
        ["504"] = new(NotRetried, Failed, Failed),
        ["504-rate-limit"] = new(NotRetried, Failed, Failed, GrsAIRateLimited(MatrixOperation.StatusRead, MatrixOperation.Download)),
        ["408"] = new(Failed, Failed, Failed),
        ["408-rate-limit"] = new(Failed, Failed, Failed,
            GrsAIRateLimited(MatrixOperation.Create, MatrixOperation.Character, MatrixOperation.StatusRead, MatrixOperation.Download)),
        ["refused"] = new(Unreachable + " 0", Unreachable + " 0", Unreachable + " 0"), // a create that was never sent is not uncertain
        ["reset"] = new(NotRetried, Unreachable + " 3", Unreachable + " 3"),
        ["cut"] = new(NotRetried, Unreachable + " 3", "ok 4"), // each resume makes progress: three cuts, four requests, the whole video

        // .NET's SocketsHttpHandler itself resends a GET whose connection closed without a byte, 3 times, before the SDK sees the failure.
        ["empty"] = new(NotRetried, Unreachable + " 3", Unreachable + " 12",
            ("openai", MatrixOperation.StatusRead, Unreachable + " 12"), ("aivideoapi", MatrixOperation.StatusRead, Unreachable + " 12")),
        ["malformed-chunk"] = new(NotRetried, Unreachable + " 3", "VideoProviderException/download_interrupted 3"),
        ["random"] = new(NotRetried, Unreachable + " 3", Unreachable + " 3"),
        ["slow"] = new(NotRetried, "VideoProviderException/timeout 3", "VideoProviderException/timeout 3"),
        ["html-502"] = new(NotRetried, Failed, Failed),
        ["oversized"] = new(NotRetried, "VideoProviderException/invalid_response 3", NotRetried),
        ["endless"] = new(NotRetried, "VideoProviderException/invalid_response 3", NotRetried),
        ["envelope"] = new(NotRetried, Failed, NotRetried),
        ["envelope-busy"] = new(RateLimited, RateLimited, NotRetried),
    };

    private static (string, MatrixOperation, string)[] GrsAIRateLimited(params MatrixOperation[] operations) =>
        [.. operations.Select(operation => ("grsai", operation, RateLimited))];

    /// <summary>Every case: the fault once, and again on every request where the SDK retried it.</summary>
    public static IEnumerable<(MatrixGateway Gateway, MatrixCall Call, MatrixFault Fault, bool Persistent)> All =>
        from gateway in MatrixGateways.All
        from call in gateway.Calls
        from fault in Faults
        from persistent in IsRetried(gateway.Id, call.Operation, fault.Id) ? new[] { false, true } : [false]
        select (gateway, call, fault, persistent);

    public static MatrixFault Fault(string id) => Faults.Single(f => f.Id == id);

    /// <summary>The expected outcome of one case, e.g. <c>ok 2</c>.</summary>
    public static string Expected(string gateway, MatrixOperation operation, string fault, bool persistent = false) =>
        (persistent ? s_persistent : s_expected).TryGetValue(fault, out var expectation) ? expectation.For(gateway, operation) : "(no expectation)";

    /// <summary>Whether the SDK retried the fault (and succeeded) when it hit the first request only.</summary>
    private static bool IsRetried(string gateway, MatrixOperation operation, string fault) =>
        Expected(gateway, operation, fault) is Retried or "ok 1";

    /// <summary>The README table: rows are faults, columns the calls, cells the outcome and the requests received.</summary>
    public static string RenderTable()
    {
        var text = new StringBuilder();
        Render(text, "the fault hits the first request", Faults, persistent: false);
        text.Append("\nWhen the fault hits every request, the calls retried above give up after `MaxRetries` (\"—\": not retried above):\n\n");
        var retried = Faults.Where(f => All.Any(c => c.Persistent && c.Fault == f)).ToList();
        Render(text, "the fault hits every request", retried, persistent: true);
        return text.ToString();
    }

    private static void Render(StringBuilder text, string title, IEnumerable<MatrixFault> faults, bool persistent)
    {
        MatrixOperation[] columns = [MatrixOperation.Create, MatrixOperation.StatusRead, MatrixOperation.BatchRead, MatrixOperation.Download, MatrixOperation.Character];
        text.Append("| ").Append(title).Append(" | ").AppendJoin(" | ", columns.Select(Header)).Append(" |\n");
        text.Append("|---|").AppendJoin(string.Empty, columns.Select(_ => "---|")).Append('\n');
        foreach (var fault in faults)
        {
            text.Append("| ").Append(fault.Title).Append(" | ");
            text.AppendJoin(" | ", columns.Select(column => Cell(fault, column, persistent))).Append(" |\n");
        }
    }

    private static string Header(MatrixOperation operation) => operation switch
    {
        MatrixOperation.Create => "create",
        MatrixOperation.StatusRead => "status read",
        MatrixOperation.BatchRead => "batch read (AceData)",
        MatrixOperation.Download => "download",
        _ => "character create (GrsAI)",
    };

    /// <summary>One cell: the outcome most gateways share, then the others by name.</summary>
    private static string Cell(MatrixFault fault, MatrixOperation operation, bool persistent)
    {
        var outcomes = MatrixGateways.All
            .Where(g => g.Calls.Any(c => c.Operation == operation))
            .Select(g => (Gateway: g, Outcome: persistent && !IsRetried(g.Id, operation, fault.Id) ? NotRetried : Expected(g.Id, operation, fault.Id, persistent)))
            .GroupBy(x => x.Outcome)
            .OrderBy(group => group.Key == NotRetried)
            .ThenByDescending(group => group.Count())
            .ToList();
        if (outcomes.Count == 1)
        {
            return Render(outcomes[0].Key);
        }

        return Render(outcomes[0].Key) + string.Concat(outcomes.Skip(1).Select(group =>
            "; " + string.Join(", ", group.Select(x => x.Gateway.Title)) + ": " + Render(group.Key)));
    }

    /// <summary><c>ok 2</c> → <c>retried → ok (2)</c>; <c>VideoProviderException/invalid_response 1</c> → <c>`VideoProviderException` invalid_response (1)</c>.</summary>
    public static string Render(string outcome)
    {
        if (outcome == NotRetried)
        {
            return outcome;
        }

        var space = outcome.LastIndexOf(' ');
        var (what, count) = (outcome[..space], outcome[(space + 1)..]);
        return what switch
        {
            "ok" when count == "1" => "ok (1)",
            "ok" => $"retried → ok ({count})",
            "uncertain" => $"**uncertain** ({count})",
            _ when what.Split('/') is [var type, var code] => $"`{type}` {code} ({count})",
            _ => $"`{what}` ({count})",
        };
    }

    private static string Truncated(FaultSetup setup)
    {
        var json = setup.Call.HealthyJson ?? setup.Gateway.OkErrorEnvelope;
        return json[..(json.Length / 2)];
    }

    private static string Padding(int length) => "{\"padding\":\"" + new string('x', length) + "\"}";

    /// <summary>The outcomes of one fault: for creates, reads and downloads, and the gateways that differ.</summary>
    private sealed record Expectation(string Create, string Read, string Download, params (string Gateway, MatrixOperation Operation, string Outcome)[] Except)
    {
        public string For(string gateway, MatrixOperation operation)
        {
            foreach (var (g, o, outcome) in Except)
            {
                if (g == gateway && o == operation)
                {
                    return outcome;
                }
            }

            return operation switch
            {
                MatrixOperation.Create or MatrixOperation.Character => Create,
                MatrixOperation.StatusRead or MatrixOperation.BatchRead => Read,
                _ => Download,
            };
        }
    }
}
