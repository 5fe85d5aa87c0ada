using SoraClient.ContractTests.Harness;
using SoraClient.Providers.GrsAI;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.GrsAI;

/// <summary>
/// The GrsAI adapter against an in-process WireMock.Net over sockets: exact requests, a polling lifecycle, a streamed body, a stream
/// cut mid-way (falls back to polling, one create), <c>-22</c> before the task is visible, and errors inside HTTP 200.
/// The result URLs point at <c>localhost</c> while the API is <c>127.0.0.1</c>: a different host, as a CDN is, so the
/// key must not be sent there.
/// </summary>
public sealed class GrsAIContractTests : ContractTest, IDisposable
{
    private const string Key = "sk-contract-grsai-0123456789";
    private const string TaskId = "f44bcf50-f2d0-4c26-a467-26f2014a771b";
    private const string Pid = "s_6964a407c1fc819198458b8abf2b9cdf";
    private const string SubmitPath = "/v1/video/sora-video";
    private const string ResultPath = "/v1/draw/result";
    private const string VideoPath = "/cdn/f44bcf50.mp4";

    private static readonly VideoWaitOptions s_fast = new()
    {
        InitialDelay = TimeSpan.Zero,
        MinInterval = TimeSpan.FromMilliseconds(10),
        MaxInterval = TimeSpan.FromMilliseconds(20),
        Jitter = 0,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static readonly VideoGenerationOptions s_streaming = new() { DeliveryMode = VideoDeliveryMode.Streaming };

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose() => _http.Dispose();

    private GrsAIVideoGenerator Create(int maxRetries = 0) =>
        new(_http, new GrsAIOptions { ApiKey = Key, Endpoint = WireMock.BaseUri(), MaxRetries = maxRetries });

    private string VideoUrl => WireMock.OtherHostUrl(VideoPath).AbsoluteUri;

    private static string Task(string status, int progress, string results = "[]") =>
        $$"""{"id":"{{TaskId}}","results":{{results}},"progress":{{progress}},"status":"{{status}}","failure_reason":"","error":""}""";

    private string Succeeded => Task("succeeded", 100, $$"""[{"url":"{{VideoUrl}}","removeWatermark":true,"pid":"{{Pid}}"}]""");

    private static string Envelope(string data) => $$"""{"code":0,"msg":"success","data":{{data}}}""";

    private static IRequestBuilder Result() => On("POST", ResultPath)
        .WithHeader("Authorization", new ExactMatcher("Bearer " + Key))
        .WithBody(new JsonMatcher($$"""{"id":"{{TaskId}}"}"""));

    [Fact]
    public async Task Polling_SubmitsTheExactBodyReadsTheScenarioToSuccessAndDownloadsWithoutTheKey()
    {
        var video = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        WireMock.Given(On("POST", SubmitPath)
                .WithHeader("Authorization", new ExactMatcher("Bearer " + Key))
                .WithHeader("Content-Type", new RegexMatcher("^application/json.*"))
                .WithBody(new JsonMatcher("""{"model":"sora-2","prompt":"The hero @char walks into the castle","url":"https://cdn.example.test/first-frame.png","aspectRatio":"16:9","duration":10,"size":"large","webHook":"-1"}""")))
            .RespondWith(Json(200, Envelope($$"""{"id":"{{TaskId}}"}""")));
        WireMock.GivenSequence("grsai-task", Result(),
            Json(200, Envelope(Task("running", 10))),
            Json(200, Envelope(Task("running", 60))),
            Json(200, Envelope(Succeeded)));
        WireMock.Given(On("GET", VideoPath)).RespondWith(Bytes(200, video, "video/mp4").WithHeader("Accept-Ranges", "bytes"));
        using var generator = Create();
        var progress = new List<int?>();

        var job = await generator.GenerateAsync(new VideoGenerationRequest("The hero char walks into the castle")
        {
            AspectRatio = VideoAspectRatio.Landscape,
            DurationSeconds = 10,
            Resolution = VideoResolution.High,
            Characters = ["char"],
            ReferenceImage = VideoInput.FromUri(new Uri("https://cdn.example.test/first-frame.png")),
        }, waitOptions: s_fast, progress: new Reporter(j => progress.Add(j.Progress)));
        using var downloaded = new MemoryStream();
        await generator.DownloadAsync(job, downloaded);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(Pid, job.Assets[0].ProviderReference);
        Assert.Equal([null, 10, 60, 100], progress);
        Assert.Equal(video, downloaded.ToArray());
        Assert.Single(WireMock.Requests("POST", SubmitPath));
        Assert.Equal(3, WireMock.Count("POST", ResultPath));
        var download = Assert.Single(WireMock.Requests("GET", VideoPath));
        Assert.Null(download.Header("Authorization"));
        Assert.Equal("localhost", new Uri(download.AbsoluteUrl).Host);
        WireMock.AssertNoUnmatchedRequests();
    }

    [Fact]
    public async Task Streaming_ADribbledBodyOfMixedFraming_CompletesWithoutStatusReads()
    {
        var body = $"data: {Task("running", 10)}\n\n" + $"data:{Task("running", 60)}\n" + $": keep-alive\n{Succeeded}\n";
        WireMock.Given(On("POST", SubmitPath).WithHeader("Authorization", new ExactMatcher("Bearer " + Key)))
            .RespondWith(Text(200, body, "text/event-stream").WithChunkedDribbleDelay(6, TimeSpan.FromMilliseconds(600)));
        using var generator = Create();
        var progress = new List<int?>();

        var job = await generator.GenerateAsync(new VideoGenerationRequest("streamed"), s_streaming, s_fast, new Reporter(j => progress.Add(j.Progress)));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal([10, 60, 100], progress);
        var sent = Assert.Single(WireMock.Requests("POST", SubmitPath));
        Assert.Null(sent.BodyJson()!["webHook"]);
        Assert.Equal(0, WireMock.Count("POST", ResultPath));
    }

    [Fact]
    public async Task Streaming_ConnectionCutMidStream_FallsBackToPollingTheSameTaskWithExactlyOnePost()
    {
        // The announced length is longer than the body: the server sends the first record and closes the connection.
        var firstRecord = $"data: {Task("running", 10)}\n\n";
        WireMock.Given(On("POST", SubmitPath)).RespondWith(Text(200, firstRecord, "text/event-stream").WithBodyCutShort(100_000));
        WireMock.GivenSequence("grsai-after-cut", Result(),
            Json(200, Envelope(Task("running", 70))),
            Json(200, Envelope(Succeeded)));
        using var generator = Create(maxRetries: 3);
        var statuses = new List<(VideoJobStatus, int?)>();

        var job = await generator.GenerateAsync(new VideoGenerationRequest("fragile stream"), s_streaming, s_fast, new Reporter(j => statuses.Add((j.Status, j.Progress))));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal([(VideoJobStatus.Running, 10), (VideoJobStatus.Running, 70), (VideoJobStatus.Succeeded, 100)], statuses);
        Assert.Equal(1, WireMock.Count("POST", SubmitPath));
        Assert.Equal(2, WireMock.Count("POST", ResultPath));
        WireMock.AssertNoUnmatchedRequests();
    }

    [Fact]
    public async Task Polling_TaskNotFoundThenRunningThenSucceeded_Completes()
    {
        WireMock.Given(On("POST", SubmitPath)).RespondWith(Json(200, Envelope($$"""{"id":"{{TaskId}}"}""")));
        WireMock.GivenSequence("grsai-late", Result(),
            Json(200, """{"code":-22,"msg":"task not found","data":null}"""),
            Json(200, Envelope(Task("running", 30))),
            Json(200, Envelope(Succeeded)));
        using var generator = Create();

        var submitted = await generator.SubmitAsync(new VideoGenerationRequest("registered late"));
        var statuses = new List<VideoJobStatus>();
        await foreach (var update in generator.WatchAsync(submitted.Id, s_fast))
        {
            statuses.Add(update.Status);
        }

        Assert.Equal([VideoJobStatus.Queued, VideoJobStatus.Running, VideoJobStatus.Succeeded], statuses);
        Assert.Equal(3, WireMock.Count("POST", ResultPath));
    }

    [Fact]
    public async Task Errors_InsideHttp200AndOnTheStatusLine_BecomeTypedExceptionsAndAreNotRetried()
    {
        WireMock.Given(On("POST", SubmitPath)).RespondWith(Json(200, """{"code":-1,"msg":"insufficient credits","data":null}"""));
        WireMock.Given(On("POST", ResultPath)).RespondWith(Json(401, """{"code":401,"msg":"invalid api key","data":null}"""));
        using var generator = Create(maxRetries: 3);

        var quota = await Assert.ThrowsAsync<VideoQuotaExceededException>(() => generator.SubmitAsync(new VideoGenerationRequest("no credits")));
        var auth = await Assert.ThrowsAsync<VideoAuthenticationException>(() => generator.GetJobAsync(TaskId));

        Assert.Equal("grsai returned HTTP 200 (-1): insufficient credits", quota.Message);
        Assert.Equal(401, auth.StatusCode);
        Assert.Equal(1, WireMock.Count("POST", SubmitPath));
        Assert.Equal(1, WireMock.Count("POST", ResultPath));
        Assert.DoesNotContain(Key, quota.ResponseBody ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_CutBeforeAnyRecord_IsUncertainWithOnePost()
    {
        WireMock.Given(On("POST", SubmitPath)).RespondWith(Text(200, "", "text/event-stream").WithNetworkFault(NetworkFault.MalformedResponseChunk));
        using var generator = Create(maxRetries: 3);

        await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.GenerateAsync(new VideoGenerationRequest("lost"), s_streaming, s_fast));

        Assert.Equal(1, WireMock.Count("POST", SubmitPath));
        Assert.Equal(0, WireMock.Count("POST", ResultPath));
    }

    private sealed class Reporter(Action<VideoJob> report) : IProgress<VideoJob>
    {
        public void Report(VideoJob value) => report(value);
    }
}
