using System.Text.Json.Nodes;
using SoraClient.ContractTests.Harness;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Testing;
using WireMock.Matchers;
using WireMock.ResponseBuilders;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.AIVideoApi;

/// <summary>aivideoapi.ai over the wire: the documented nested body, the task lifecycle, retries, error envelopes, downloads.</summary>
public sealed class AIVideoApiContractTests : ContractTest, IDisposable
{
    private const string ApiKey = "sk-aivideoapi-contract-7a6b5c4d3e2f1a0b9c8d";
    private const string TaskId = "9b1f6c1e-2d3a-4b5c-8d7e-0f1a2b3c4d5e";
    private const string CreatePath = "/v1/videos/generations";
    private const string TaskPath = "/v1/tasks/" + TaskId;
    private const string Prompt = "A calico cat playing a piano on stage";
    private readonly List<IDisposable> _disposables = [];
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromSeconds(90));

    private FastForwardClock Clock { get; } = new();

    private CancellationToken Guard => _guard.Token;

    [Fact]
    public async Task GenerateAsync_SendsTheDocumentedBodyFollowsTheLifecycleAndDownloadsFromTheCdnWithoutTheKey()
    {
        var video = Enumerable.Range(0, 48 * 1024).Select(i => (byte)(i * 13)).ToArray();
        var link = CdnUrl($"/outputs/{TaskId}/video.mp4");
        WireMock.Given(On("POST", CreatePath)
                .WithHeader("Authorization", new ExactMatcher("Bearer " + ApiKey))
                .WithBody(new JsonMatcher($$$"""{"model":"sora-2","input":{"prompt":"{{{Prompt}}}","duration":8,"aspect_ratio":"9:16","image_urls":["https://cdn.example.test/first-frame.png"]}}""")))
            .RespondWith(Json(200, $$$"""{"code":200,"msg":"success","data":{"taskId":"{{{TaskId}}}"}}"""));
        WireMock.GivenSequence("aivideoapi-job", On("GET", TaskPath),
            Poll(TaskJson("pending", progress: null)),
            Poll(TaskJson("processing", progress: 40)),
            Poll(TaskJson("processing", progress: 80)),
            Poll(TaskJson("completed", progress: 100, link)));
        WireMock.Given(On("GET", link.AbsolutePath)).RespondWith(Bytes(200, video, "video/mp4").WithHeader("Accept-Ranges", "bytes"));
        using var generator = CreateGenerator();
        var updates = new List<(VideoJobStatus, int?, string?)>();

        var job = await generator.GenerateAsync(new VideoGenerationRequest(Prompt)
        {
            AspectRatio = VideoAspectRatio.Portrait,
            DurationSeconds = 8,
            ReferenceImage = VideoInput.FromUri(new Uri("https://cdn.example.test/first-frame.png")),
        }, progress: new SyncProgress(j => updates.Add((j.Status, j.Progress, j.ProviderStatus))), cancellationToken: Guard);
        using var copy = new MemoryStream();
        await generator.DownloadAsync(job, copy, cancellationToken: Guard);

        Assert.Equal(
            [(VideoJobStatus.Queued, null, null), (VideoJobStatus.Queued, null, "pending"), (VideoJobStatus.Running, 40, "processing"), (VideoJobStatus.Running, 80, "processing"), (VideoJobStatus.Succeeded, 100, "completed")],
            updates); // the submitted job, then each read that changed something
        Assert.Equal(video, copy.ToArray());
        Assert.Equal(job.CompletedAt + TimeSpan.FromHours(24), job.ExpiresAt);
        var requests = WireMock.Requests();
        Assert.Equal([$"POST {CreatePath}", $"GET {TaskPath}", $"GET {TaskPath}", $"GET {TaskPath}", $"GET {TaskPath}", $"GET {link.AbsolutePath}"], requests.Select(r => $"{r.Method} {r.RawPath()}"));
        Assert.All(requests.Take(5), r => Assert.Equal("Bearer " + ApiKey, r.Header("Authorization")));
        Assert.Null(requests[^1].Header("Authorization"));
        WireMock.AssertNoUnmatchedRequests();
    }

    [Fact]
    public async Task GetJobAsync_429ThenSuccess_WaitsWhatTheGatewayAskedAndReadsTheTask()
    {
        WireMock.GivenSequence("throttled", On("GET", TaskPath),
            Json(429, ErrorJson("rate_limit_exceeded", "rate_limit_error")).WithHeader("Retry-After", "4"),
            Poll(TaskJson("processing", progress: 55)));
        using var generator = CreateGenerator();

        var job = await generator.GetJobAsync(TaskId, Guard);

        Assert.Equal((VideoJobStatus.Running, 55), (job.Status, job.Progress));
        Assert.Contains(TimeSpan.FromSeconds(4), Clock.Waits);
        Assert.Equal(2, WireMock.Count("GET", TaskPath));
    }

    [Fact]
    public async Task SubmitAsync_UpstreamUnavailableThenAccepted_IsRetriedAndCreatesOneJob()
    {
        WireMock.GivenSequence("upstream", On("POST", CreatePath),
            Json(503, ErrorJson("upstream_error", "api_error")),
            Json(200, $$$"""{"code":200,"msg":"success","data":{"taskId":"{{{TaskId}}}"}}"""));
        using var generator = CreateGenerator();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x"), cancellationToken: Guard);

        Assert.Equal(TaskId, job.Id);
        Assert.Equal(2, WireMock.Count("POST", CreatePath));
    }

    [Theory]
    [InlineData(401, "invalid_api_key", "authentication_error", typeof(VideoAuthenticationException))]
    [InlineData(402, "insufficient_credits", "billing_error", typeof(VideoQuotaExceededException))]
    [InlineData(429, "spend_limit_exceeded", "billing_error", typeof(VideoQuotaExceededException))]
    [InlineData(400, "invalid_request", "invalid_request_error", typeof(VideoProviderException))]
    [InlineData(500, "internal_error", "api_error", typeof(VideoSubmissionUncertainException))]
    public async Task SubmitAsync_ErrorEnvelope_IsTypedAndNotRetried(int status, string code, string type, Type expected)
    {
        WireMock.Given(On("POST", CreatePath)).RespondWith(Json(status, ErrorJson(code, type)).WithHeader("x-request-id", "req_contract"));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAnyAsync<VideoGenerationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x"), cancellationToken: Guard));

        Assert.IsType(expected, error);
        Assert.Equal(1, WireMock.Count("POST", CreatePath));
        if (error is VideoProviderException provider)
        {
            Assert.Equal((status, code, "req_contract"), (provider.StatusCode, provider.ProviderErrorCode, provider.RequestId));
            Assert.DoesNotContain(ApiKey, provider.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetJobAsync_UnknownTask_ThrowsNotFound()
    {
        WireMock.Given(On("GET", TaskPath)).RespondWith(Json(404, ErrorJson("task_not_found", "invalid_request_error")));
        using var generator = CreateGenerator();

        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync(TaskId, Guard));
    }

    [Fact]
    public async Task WaitForCompletionAsync_FailedTask_ThrowsWithTheCategorisedError()
    {
        WireMock.Given(On("GET", TaskPath)).RespondWith(Poll(new JsonObject
        {
            ["id"] = TaskId,
            ["status"] = "failed",
            ["model"] = "sora-2",
            ["created_at"] = "2026-11-21T12:00:00Z",
            ["error"] = new JsonObject { ["code"] = "upstream_error", ["message"] = "The upstream provider failed. Credits were refunded." },
        }.ToJsonString()));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoJobFailedException>(() => generator.WaitForCompletionAsync(TaskId, cancellationToken: Guard));

        Assert.Equal(VideoErrorCategory.Transient, error.Job!.Error!.Category);
        Assert.True(error.Job.Error.IsRetryable);
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        _guard.Dispose();
    }

    private AIVideoApiVideoGenerator CreateGenerator()
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        _disposables.Add(http);
        return new AIVideoApiVideoGenerator(http, new AIVideoApiOptions
        {
            Endpoint = WireMock.BaseUri(),
            ApiKey = ApiKey,
            RequestTimeout = FastForwardClock.LongTimeout,
            DownloadIdleTimeout = FastForwardClock.LongTimeout,
        }, Clock.Time, new TestLoggerProvider());
    }

    private Uri CdnUrl(string path) => WireMock.OtherHostUrl(path);

    private static IResponseBuilder Poll(string json) => Json(200, json);

    private static string TaskJson(string status, int? progress, Uri? link = null)
    {
        var task = new JsonObject
        {
            ["id"] = TaskId,
            ["status"] = status,
            ["model"] = "sora-2",
            ["created_at"] = "2026-11-21T12:00:00Z",
            ["progress"] = progress,
        };
        if (link is not null)
        {
            task["completed_at"] = "2026-11-21T12:02:30Z";
            task["output"] = new JsonObject { ["urls"] = new JsonArray(link.AbsoluteUri), ["metadata"] = new JsonObject { ["duration"] = 8 } };
        }

        return task.ToJsonString();
    }

    private static string ErrorJson(string code, string type) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = "refused: " + code, ["type"] = type } }.ToJsonString();

    private sealed class SyncProgress(Action<VideoJob> report) : IProgress<VideoJob>
    {
        public void Report(VideoJob value) => report(value);
    }
}
