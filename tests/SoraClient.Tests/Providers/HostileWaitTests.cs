using System.Net;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.GrsAI;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Providers;

/// <summary>
/// Issue 13 (items 4, 5, 11, 12) through every adapter: stalled reads end at the wait's deadline, zero poll hints do not
/// make a storm, ids that would change the request's path are refused, and failures after a submit name the job.
/// </summary>
public sealed class HostileWaitTests
{
    private const string Key = "sk-hostile-test-1234567890";
    private const string JobId = "job_0123456789";
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_limit = TimeSpan.FromHours(1);
    private readonly ManualTimeProvider _time = new();
    private readonly DateTimeOffset _start;

    public HostileWaitTests() => _start = _time.GetUtcNow();

    public static TheoryData<string> Gateways() => ["openai", "grsai", "acedata", "aivideoapi"];

    internal static IVideoGenerator Create(string gateway, HttpMessageHandler handler, TimeProvider time, Action<VideoProviderOptions>? configure = null) =>
        Create(gateway, new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, time, configure);

    internal static IVideoGenerator Create(string gateway, HttpClient http, TimeProvider time, Action<VideoProviderOptions>? configure = null)
    {
        VideoProviderOptions options = gateway switch
        {
            "openai" => new OpenAIOptions { Endpoint = new Uri("https://api.openai.test/v1") },
            "grsai" => new GrsAIOptions { Endpoint = new Uri("https://grsai.test") },
            "acedata" => new AceDataOptions { Endpoint = new Uri("https://api.acedata.test") },
            _ => new AIVideoApiOptions { Endpoint = new Uri("https://api.aivideoapi.test") },
        };
        options.ApiKey = Key;
        options.MaxRetries = 0;
        configure?.Invoke(options);
        return options switch
        {
            OpenAIOptions o => new OpenAIVideoGenerator(http, o, time),
            GrsAIOptions o => new GrsAIVideoGenerator(http, o, time),
            AceDataOptions o => new AceDataVideoGenerator(http, o, time),
            AIVideoApiOptions o => new AIVideoApiVideoGenerator(http, o, time),
            _ => throw new InvalidOperationException(),
        };
    }

    // ---- item 4: the deadline bounds a read in flight, retries included ----

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task WaitForCompletionAsync_StatusEndpointStalls_EndsAtTheDeadline(string gateway)
    {
        var handler = new AsyncHttpHandler(_time, AsyncHttpHandler.HangAsync);
        using var generator = Create(gateway, handler, _time, o => { o.RequestTimeout = TimeSpan.FromSeconds(3); o.MaxRetries = 2; });

        var wait = generator.WaitForCompletionAsync(JobId, new VideoWaitOptions { Timeout = TimeSpan.FromSeconds(2) });

        // The clock goes exactly to the deadline and no further: the wait must end there (the attempt timeout is at 3 s).
        for (var i = 0; i < 8 && !wait.IsCompleted; i++)
        {
            await Task.Yield();
            _time.Advance(s_step);
        }

        var ex = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => wait.WaitAsync(ManualClock.Guard));
        Assert.True(_time.GetUtcNow() - _start <= TimeSpan.FromSeconds(2));
        Assert.Single(handler.Received); // the stalled read was not retried
        Assert.Equal(JobId, ex.LastJob!.Id);
        Assert.Equal(JobId, ex.JobId);
    }

    [Fact]
    public async Task GenerateAsync_ReadsStallAfterTheSubmit_EndsAtTheDeadlineWithTheSubmittedJob()
    {
        var accepted = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "OpenAI", "video-queued.json"));
        var handler = new AsyncHttpHandler(_time, (_, _) => Task.FromResult(StubHttpHandler.Json(200, accepted)), AsyncHttpHandler.HangAsync);
        using var generator = Create("openai", handler, _time, o => { o.RequestTimeout = TimeSpan.FromSeconds(3); o.MaxRetries = 2; });

        var ex = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => _time.RunAsync(
            generator.GenerateAsync(new VideoGenerationRequest("a cat"), waitOptions: new VideoWaitOptions { Timeout = TimeSpan.FromSeconds(8), InitialDelay = TimeSpan.FromSeconds(1) }), s_step, s_limit));

        Assert.Equal(TimeSpan.FromSeconds(8), _time.GetUtcNow() - _start);
        Assert.Equal(ex.LastJob!.Id, ex.JobId);
        Assert.StartsWith("video_", ex.JobId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCharacterAsync_CharacterTaskReadsStall_EndsAtTheCharacterTimeout()
    {
        const string Accepted = """{"code":0,"msg":"success","data":{"id":"0b9c1f9e-5a7d-4c1e-9f57-7f1d2f0c3a11"}}""";
        var handler = new AsyncHttpHandler(_time, (_, _) => Task.FromResult(StubHttpHandler.Json(200, Accepted)), AsyncHttpHandler.HangAsync);
        using var generator = Create("grsai", handler, _time, o =>
        {
            o.RequestTimeout = TimeSpan.FromSeconds(3);
            o.MaxRetries = 2;
            ((GrsAIOptions)o).CharacterTimeout = TimeSpan.FromSeconds(10);
        });
        var characters = generator.GetRequiredService<IVideoCharacterClient>();

        var ex = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => _time.RunAsync(
            characters.CreateCharacterAsync("s_68e0f9b3c1d88191a3f2", TimeSpan.Zero, TimeSpan.FromSeconds(3)), s_step, s_limit));

        Assert.Equal(TimeSpan.FromSeconds(10), _time.GetUtcNow() - _start);
        Assert.Equal("0b9c1f9e-5a7d-4c1e-9f57-7f1d2f0c3a11", ex.JobId);
    }

    // ---- item 5: a zero hint is raised to MinInterval ----

    [Theory]
    [InlineData("openai", "openai-poll-after-ms", "0")]
    [InlineData("openai", "Retry-After", "0")]
    [InlineData("aivideoapi", "Retry-After", "0")]
    [InlineData("aivideoapi", "retry-after-ms", "0")]
    public async Task WaitForCompletionAsync_ZeroPollHint_ReadsNoFasterThanMinInterval(string gateway, string header, string value)
    {
        var (path, running, done) = gateway == "openai"
            ? ($"/v1/videos/{JobId}", $$"""{"id":"{{JobId}}","status":"in_progress","progress":10}""", $$"""{"id":"{{JobId}}","status":"completed","progress":100}""")
            : ($"/v1/tasks/{JobId}", $$"""{"id":"{{JobId}}","status":"processing","progress":10}""", $$$"""{"id":"{{{JobId}}}","status":"completed","output":{"urls":["https://cdn.aivideoapi.test/v.mp4"]}}""");
        var http = new StubHttpHandler().On(HttpMethod.Get, path,
            _ => StubHttpHandler.Json(200, running, (header, value)),
            _ => StubHttpHandler.Json(200, running, (header, value)),
            _ => StubHttpHandler.Json(200, running, (header, value)),
            _ => StubHttpHandler.Json(200, done));
        using var generator = Create(gateway, http, _time);

        var job = await _time.RunAsync(generator.WaitForCompletionAsync(JobId, new VideoWaitOptions { Jitter = 0, MinInterval = TimeSpan.FromSeconds(2) }), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(4, http.Requests.Count);
        Assert.True(_time.GetUtcNow() - _start >= TimeSpan.FromSeconds(6), $"4 reads in {_time.GetUtcNow() - _start}"); // 3 waits of at least MinInterval
    }

    // ---- item 11: ids that would change the request's path ----

    public static TheoryData<string, string> BadCallerIds()
    {
        var data = new TheoryData<string, string>();
        foreach (var gateway in new[] { "openai", "grsai", "acedata", "aivideoapi" })
        {
            foreach (var id in new[] { ".", "..", "../videos", "a/b", "a\\b", "a?b", "a#b", "a\u0001b", "a\nb" })
            {
                data.Add(gateway, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadCallerIds))]
    public async Task GetJobAsync_IdThatIsAPathSegmentOrHasSeparators_RefusedBeforeAnyRequest(string gateway, string id)
    {
        var http = new StubHttpHandler();
        using var generator = Create(gateway, http, _time);

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => generator.GetJobAsync(id));

        Assert.Contains("job id", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(http.Requests);
    }

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task GetContentAsync_JobWithBadId_RefusedBeforeAnyRequest(string gateway)
    {
        var http = new StubHttpHandler();
        using var generator = Create(gateway, http, _time);
        var job = new VideoJob { Id = "..", Provider = gateway, Status = VideoJobStatus.Succeeded };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => generator.GetContentAsync(job));

        Assert.Empty(http.Requests);
    }

    [Fact]
    public async Task OpenAI_DeleteAndRemixOfBadIds_RefusedBeforeAnyRequest()
    {
        var http = new StubHttpHandler();
        using var generator = (OpenAIVideoGenerator)Create("openai", http, _time);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => generator.DeleteJobAsync(".."));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => generator.RemixAsync("../x", "again"));

        Assert.Empty(http.Requests);
    }

    [Fact]
    public async Task AceData_GetJobsAsyncWithBadId_RefusedBeforeAnyRequest()
    {
        var http = new StubHttpHandler();
        using var generator = (AceDataVideoGenerator)Create("acedata", http, _time);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => generator.GetJobsAsync(["ok", "a/b"]));

        Assert.Empty(http.Requests);
    }

    public static TheoryData<string, string, string, string> BadGatewayIds() => new()
    {
        { "openai", "GET", $"/v1/videos/{JobId}", """{"id":"..","status":"in_progress"}""" },
        { "aivideoapi", "GET", $"/v1/tasks/{JobId}", """{"id":"../v1/videos","status":"processing"}""" },
        { "acedata", "POST", "/sora/tasks", """{"items":[{"id":"a/b","response":{"success":true,"task_id":"a/b","data":[]}}],"count":1}""" },
    };

    [Theory]
    [MemberData(nameof(BadGatewayIds))]
    public async Task StatusRead_GatewayAnswersABadId_InvalidResponse(string gateway, string method, string path, string body)
    {
        var http = new StubHttpHandler().OnJson(new HttpMethod(method), path, 200, body);
        using var generator = Create(gateway, http, _time);

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => gateway == "acedata"
            ? ((AceDataVideoGenerator)generator).GetJobsAsync([JobId])
            : generator.GetJobAsync(JobId));

        Assert.Equal("invalid_response", ex.ProviderErrorCode);
        Assert.Single(http.Requests);
    }

    public static TheoryData<string, string, string> BadCreatedIds() => new()
    {
        { "openai", "/v1/videos", """{"id":"..","object":"video","status":"queued"}""" },
        { "grsai", "/v1/video/sora-video", """{"code":0,"msg":"success","data":{"id":"../draw"}}""" },
        { "acedata", "/sora/videos", """{"task_id":"a\\b"}""" },
        { "aivideoapi", "/v1/videos/generations", """{"code":200,"msg":"success","data":{"taskId":".."}}""" },
    };

    [Theory]
    [MemberData(nameof(BadCreatedIds))]
    public async Task SubmitAsync_GatewayAnswersABadId_TypedErrorNotAJob(string gateway, string path, string body)
    {
        var http = new StubHttpHandler().OnJson(HttpMethod.Post, path, 200, body);
        using var generator = Create(gateway, http, _time);

        var ex = await Assert.ThrowsAnyAsync<VideoGenerationException>(() => generator.SubmitAsync(new VideoGenerationRequest("a cat"), new VideoGenerationOptions { Normalization = VideoNormalization.Nearest }));

        Assert.True(ex is VideoSubmissionUncertainException or VideoProviderException { ProviderErrorCode: "invalid_response" }, ex.ToString());
        Assert.Single(http.Requests);
    }

    // ---- item 12: failures after the submit name the job ----

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task GetJobAsync_GatewayRefusesTheRead_ErrorNamesTheJob(string gateway)
    {
        var http = new AsyncHttpHandler(_time, (_, _) => Task.FromResult(StubHttpHandler.Json(401, """{"error":{"message":"bad key"}}""")));
        using var generator = Create(gateway, http, _time);

        var read = await Assert.ThrowsAnyAsync<VideoProviderException>(() => generator.GetJobAsync(JobId));
        // A far deadline: on a loaded machine the stepping clock could pass the default 30 minutes before the refused read's
        // continuation ran (AceData's first read waits for its batch, so the clock has to move).
        var patient = new VideoWaitOptions { Timeout = TimeSpan.FromDays(1) };
        var wait = await Assert.ThrowsAnyAsync<VideoProviderException>(() => _time.RunAsync(generator.WaitForCompletionAsync(JobId, patient), s_step, TimeSpan.FromDays(2)));

        Assert.Equal(JobId, read.JobId);
        Assert.Equal(JobId, wait.JobId);
        Assert.Equal(wait.Provider + ":" + JobId, wait.JobReference.ToString());
    }

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task GetContentAsync_DownloadRefused_ErrorNamesTheJob(string gateway)
    {
        var http = new AsyncHttpHandler(_time, (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("") }));
        using var generator = Create(gateway, http, _time);
        var job = new VideoJob
        {
            Id = JobId,
            Provider = gateway,
            Status = VideoJobStatus.Succeeded,
            Assets = [new VideoAsset(VideoAssetKind.Video) { Uri = new Uri("https://cdn.gateway.test/v.mp4") }],
        };

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => generator.GetContentAsync(job));

        Assert.Equal(JobId, ex.JobId);
    }
}
