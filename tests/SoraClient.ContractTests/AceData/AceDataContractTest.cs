using System.Text.Json.Nodes;
using SoraClient.ContractTests.Harness;
using SoraClient.Providers.AceData;
using SoraClient.Testing;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace SoraClient.ContractTests.AceData;

/// <summary>
/// Base of the AceData adapter's wire tests: an <see cref="AceDataVideoGenerator"/> over real sockets to the test's WireMock.Net
/// (the endpoint is WireMock's root: <c>/sora/videos</c>, <c>/sora/tasks</c>), a <see cref="FastForwardClock"/>, captured logs,
/// and builders for AceData's documented bodies. Result links point at <c>localhost</c> while the gateway is <c>127.0.0.1</c>,
/// so the CDN counts as another host.
/// </summary>
public abstract class AceDataContractTest : ContractTest, IDisposable
{
    protected const string ApiKey = "sk-acedata-contract-0f1e2d3c4b5a69788796a5b4";
    protected const string TaskId = "6d2c2b4d-3f0c-4d7a-9a57-5b6f5ad2f6a1";
    protected const string TraceId = "3b9f2a51-0c8e-4e3a-9d0e-1f6a2c4b5d70";
    protected const string VideosPath = "/sora/videos";
    protected const string TasksPath = "/sora/tasks";

    private readonly List<IDisposable> _disposables = [];

    protected FastForwardClock Clock { get; } = new();

    protected TestLoggerProvider Logs { get; } = new();

    /// <summary>A guard: a regression that makes the SDK wait forever fails the test instead of hanging the run.</summary>
    protected CancellationToken Guard => GuardSource.Token;

    private CancellationTokenSource GuardSource { get; } = new(TimeSpan.FromSeconds(90));

    protected AceDataVideoGenerator CreateGenerator(Action<AceDataOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new AceDataOptions
        {
            Endpoint = WireMock.BaseUri(),
            ApiKey = ApiKey,
            RequestTimeout = FastForwardClock.LongTimeout,
            DownloadIdleTimeout = FastForwardClock.LongTimeout,
        };
        configure?.Invoke(options);
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        _disposables.Add(http);
        return new AceDataVideoGenerator(http, options, time ?? Clock.Time, Logs);
    }

    /// <summary>A link on the "CDN": the stub server again, but under the name <c>localhost</c>.</summary>
    protected Uri CdnUrl(string path) => WireMock.OtherHostUrl(path);

    /// <summary>A task as <c>retrieve</c> returns it: no <c>response</c> yet, a pending video, or the result.</summary>
    protected static JsonObject TaskJson(string id, string? state, Uri? videoUrl = null, JsonObject? error = null)
    {
        var task = new JsonObject
        {
            ["_id"] = "67a1c2e3f4b5a6c7d8e9f001",
            ["id"] = id,
            ["created_at"] = 1763726400.123,
            ["request"] = new JsonObject { ["model"] = "sora-2", ["prompt"] = "A calico cat", ["version"] = "2.0", ["duration"] = 8, ["size"] = "720x1280", ["async"] = true },
            ["trace_id"] = TraceId,
            ["type"] = "videos",
        };
        if (state is not null || error is not null)
        {
            task["response"] = Result(id, state, videoUrl, error);
        }

        return task;
    }

    /// <summary>The synchronous / callback / task result shape.</summary>
    protected static JsonObject Result(string id, string? state, Uri? videoUrl = null, JsonObject? error = null)
    {
        if (error is not null)
        {
            return new JsonObject { ["success"] = false, ["task_id"] = id, ["trace_id"] = TraceId, ["error"] = error };
        }

        var video = new JsonObject { ["id"] = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", ["state"] = state };
        if (videoUrl is not null)
        {
            video["video_url"] = videoUrl.AbsoluteUri;
        }

        return new JsonObject { ["success"] = true, ["task_id"] = id, ["trace_id"] = TraceId, ["data"] = new JsonArray(video) };
    }

    protected static string ErrorJson(string code, string message) =>
        new JsonObject { ["success"] = false, ["error"] = new JsonObject { ["code"] = code, ["message"] = message }, ["trace_id"] = TraceId }.ToJsonString();

    /// <summary>A <c>/sora/tasks</c> request for one action (<c>retrieve</c> or <c>retrieve_batch</c>).</summary>
    protected static IRequestBuilder Tasks(string action) =>
        WireMockStubs.On("POST", TasksPath).WithBody(new JsonPartialMatcher(new JsonObject { ["action"] = action }.ToJsonString()));

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        GuardSource.Dispose();
        GC.SuppressFinalize(this);
    }
}
