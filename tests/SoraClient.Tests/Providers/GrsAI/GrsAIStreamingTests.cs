using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SoraClient.Providers.GrsAI;
using SoraClient.Testing;
using static SoraClient.Tests.Providers.GrsAI.GrsAIVideoGeneratorTests;

namespace SoraClient.Tests.Providers.GrsAI;

public sealed class GrsAIStreamingTests
{
    private const string SubmitPath = "/v1/video/sora-video";
    private const string ResultPath = "/v1/draw/result";
    private static readonly string s_running10 = Snapshot("running", 10);
    private static readonly string s_running60 = Snapshot("running", 60);
    private static readonly string s_succeeded = Fixture("callback-succeeded.json").Trim();

    private static readonly VideoWaitOptions s_immediate = new()
    {
        InitialDelay = TimeSpan.Zero,
        MinInterval = TimeSpan.Zero,
        MaxInterval = TimeSpan.Zero,
        Jitter = 0,
    };

    private static readonly VideoGenerationOptions s_streaming = new() { DeliveryMode = VideoDeliveryMode.Streaming };

    private readonly StubHttpHandler _http = new();
    private readonly ManualTimeProvider _time = new();
    private readonly TestLoggerProvider _logs = new();

    private static string Snapshot(string status, int progress) =>
        $$"""{"id":"{{TaskId}}","results":[],"progress":{{progress}},"status":"{{status}}","failure_reason":"","error":""}""";

    private GrsAIVideoGenerator Create(Action<GrsAIOptions>? configure = null)
    {
        var options = new GrsAIOptions { ApiKey = Key, MaxRetries = 0 };
        configure?.Invoke(options);
        return new GrsAIVideoGenerator(_http.CreateClient(), options, _time, _logs);
    }

    private ScriptedStream StreamSubmit(IEnumerable<string> chunks, Exception? failure = null, bool hang = false)
    {
        var body = new ScriptedStream(chunks, failure, hang);
        _http.On(HttpMethod.Post, SubmitPath, _ =>
        {
            var content = new StreamContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        return body;
    }

    private static async Task<List<VideoJob>> ToListAsync(IAsyncEnumerable<VideoJob> jobs)
    {
        var list = new List<VideoJob>();
        await foreach (var job in jobs)
        {
            list.Add(job);
        }

        return list;
    }

    public static TheoryData<string, string[]> Framings => new()
    {
        { "SSE records, one per chunk", [$"data: {s_running10}\n\n", $"data: {s_running60}\n\n", $"data: {s_succeeded}\n\n"] },
        { "no space, single newlines, split mid-record", [$"data:{s_running10}\ndata:{s_running60[..25]}", $"{s_running60[25..]}\ndata:{s_succeeded}\n"] },
        { "CRLF with [DONE]", [$"data: {s_running10}\r\n\r\ndata: {s_running60}\r\n\r\ndata: {s_succeeded}\r\n\r\ndata: [DONE]\r\n\r\n"] },
        { "bare JSON lines", [$"{s_running10}\n{s_running60}\n", $"{s_succeeded}\n"] },
        { "event and comment lines", [$": ping\nevent: progress\ndata: {s_running10}\n\n", $"event: progress\ndata: {s_running60}\n\nevent: done\ndata: {s_succeeded}"] },
        { "the final object alone", [s_succeeded] },
        { "the final object alone, prefixed", ["data: " + s_succeeded] },
    };

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task SubmitStreamingAsync_EveryFraming_YieldsTheSnapshotsWithoutPolling(string framing, string[] chunks)
    {
        StreamSubmit(chunks);
        using var generator = Create();

        var jobs = await ToListAsync(generator.SubmitStreamingAsync(new VideoGenerationRequest("x") { AspectRatio = VideoAspectRatio.Landscape }));

        Assert.True(jobs.Count > 0, framing);
        Assert.All(jobs, j => Assert.Equal(TaskId, j.Id));
        Assert.Equal(VideoJobStatus.Succeeded, jobs[^1].Status);
        Assert.Equal(Pid, jobs[^1].Assets.Single().ProviderReference);
        Assert.Equal("16:9/small", jobs[^1].Effective!.Size);
        if (jobs.Count > 1)
        {
            Assert.Equal([10, 60, 100], jobs.Select(j => j.Progress ?? -1));
        }

        Assert.Empty(_http.RequestsTo(HttpMethod.Post, ResultPath));
    }

    [Fact]
    public async Task SubmitStreamingAsync_SendsNoWebHook()
    {
        StreamSubmit([s_succeeded]);
        using var generator = Create();

        await ToListAsync(generator.SubmitStreamingAsync(new VideoGenerationRequest("x")));

        Assert.Equal("""{"model":"sora-2","prompt":"x","aspectRatio":"9:16","duration":10,"size":"small"}""", Assert.Single(_http.Requests).BodyText);
    }

    [Fact]
    public async Task SubmitStreamingAsync_RepeatedSnapshot_IsYieldedOnce()
    {
        StreamSubmit([$"data: {s_running10}\n\ndata: {s_running10}\n\ndata: {s_succeeded}\n\n"]);
        using var generator = Create();

        var jobs = await ToListAsync(generator.SubmitStreamingAsync(new VideoGenerationRequest("x")));

        Assert.Equal([VideoJobStatus.Running, VideoJobStatus.Succeeded], jobs.Select(j => j.Status));
    }

    [Fact]
    public async Task SubmitStreamingAsync_WithCallbackUri_IsRefusedBeforeSending()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() =>
            ToListAsync(generator.SubmitStreamingAsync(new VideoGenerationRequest("x") { CallbackUri = new Uri("https://app.example.test/hook") })));

        Assert.Equal("CallbackUri", error.ParamName);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task GenerateAsync_StreamingPerCall_CompletesWithoutStatusReadsAndReportsProgress()
    {
        StreamSubmit([$"data: {s_running10}\n\n", $"data: {s_running60}\n\n", $"data: {s_succeeded}\n\n"]);
        using var generator = Create();
        var reported = new List<int?>();

        var job = await generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming, progress: new SynchronousProgress<VideoJob>(j => reported.Add(j.Progress)));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal([10, 60, 100], reported);
        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task GenerateAsync_StreamingDefaultFromOptions_Streams()
    {
        StreamSubmit([s_succeeded]);
        using var generator = Create(o => o.DeliveryMode = VideoDeliveryMode.Streaming);

        var job = await generator.GenerateAsync(new VideoGenerationRequest("x"));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Null(JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!["webHook"]);
    }

    [Fact]
    public async Task GenerateAsync_PollingPerCallOverStreamingDefault_Polls()
    {
        _http.OnJson(HttpMethod.Post, SubmitPath, 200, Fixture("submit-accepted.json"));
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-succeeded.json"));
        using var generator = Create(o => o.DeliveryMode = VideoDeliveryMode.Streaming);

        var job = await generator.GenerateAsync(new VideoGenerationRequest("x"), new VideoGenerationOptions { DeliveryMode = VideoDeliveryMode.Polling }, s_immediate);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Single(_http.RequestsTo(HttpMethod.Post, ResultPath));
    }

    [Fact]
    public async Task GenerateAsync_StreamedFailure_ThrowsJobFailedWithContentPolicy()
    {
        StreamSubmit([$"data: {s_running10}\n\ndata: {Fixture("callback-failed.json").Trim()}\n\n"]);
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoJobFailedException>(() => generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming));

        Assert.Equal(VideoErrorCategory.ContentPolicy, error.Job!.Error!.Category);
    }

    [Fact]
    public async Task SubmitAndWatchAsync_ConnectionResetMidStream_PollsTheSameTaskAndNeverSubmitsAgain()
    {
        StreamSubmit([$"data: {s_running10}\n\n"], failure: new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        _http.On(HttpMethod.Post, ResultPath,
            _ => StubHttpHandler.Json(200, Fixture("result-running.json")),
            _ => StubHttpHandler.Json(200, Fixture("result-succeeded.json")));
        using var generator = Create();

        var jobs = await ToListAsync(generator.SubmitAndWatchAsync(new VideoGenerationRequest("x"), s_streaming, s_immediate));

        Assert.Equal([10, 45, 100], jobs.Select(j => j.Progress ?? -1));
        Assert.Equal(VideoJobStatus.Succeeded, jobs[^1].Status);
        Assert.Single(_http.RequestsTo(HttpMethod.Post, SubmitPath));
        Assert.All(_http.RequestsTo(HttpMethod.Post, ResultPath), r => Assert.Equal($$"""{"id":"{{TaskId}}"}""", r.BodyText));
        Assert.Contains(_logs.Entries, e => e.Contains("stopped before the task finished", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubmitAndWatchAsync_StreamEndsWithoutATerminalRecord_PollsTheSameTask()
    {
        StreamSubmit([$"data: {s_running10}\n\ndata: {s_running60}\n\n"]);
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-succeeded.json"));
        using var generator = Create();

        var job = await generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming, s_immediate);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Single(_http.RequestsTo(HttpMethod.Post, SubmitPath));
    }

    [Fact]
    public async Task SubmitAndWatchAsync_TaskNotVisibleRightAfterTheStreamDropped_IsToleratedThenCompletes()
    {
        StreamSubmit([$"data: {s_running10}\n\n"], failure: new IOException("reset"));
        _http.On(HttpMethod.Post, ResultPath,
            _ => StubHttpHandler.Json(200, Fixture("error-task-not-found.json")),
            _ => StubHttpHandler.Json(200, Fixture("result-succeeded.json")));
        using var generator = Create();

        var job = await generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming, s_immediate);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(2, _http.RequestsTo(HttpMethod.Post, ResultPath).Count());
    }

    [Fact]
    public async Task SubmitAndWatchAsync_SilentStream_FallsBackAfterTheIdleTimeout()
    {
        var body = StreamSubmit([$"data: {s_running10}\n\n"], hang: true);
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-succeeded.json"));
        using var generator = Create(o => o.StreamIdleTimeout = TimeSpan.FromMinutes(2));

        var watch = ToListAsync(generator.SubmitAndWatchAsync(new VideoGenerationRequest("x"), s_streaming, s_immediate));
        await body.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(watch.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(2));
        var jobs = await watch.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([VideoJobStatus.Running, VideoJobStatus.Succeeded], jobs.Select(j => j.Status));
        Assert.Single(_http.RequestsTo(HttpMethod.Post, SubmitPath));
        Assert.True(body.Disposed);
        Assert.Contains(_logs.Entries, e => e.Contains("no data for 00:02:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubmitStreamingAsync_CanceledMidStream_ThrowsOperationCanceledAndClosesTheStream()
    {
        var body = StreamSubmit([$"data: {s_running10}\n\n"], hang: true);
        using var generator = Create();
        using var cancellation = new CancellationTokenSource();

        var seen = new List<VideoJob>();
        var reading = Task.Run(async () =>
        {
            await foreach (var job in generator.SubmitStreamingAsync(new VideoGenerationRequest("x"), cancellationToken: cancellation.Token))
            {
                seen.Add(job);
            }
        });
        await body.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(seen);
        Assert.True(body.Disposed);
        Assert.Empty(_http.RequestsTo(HttpMethod.Post, ResultPath));
    }

    [Fact]
    public async Task GenerateAsync_CanceledMidStream_ThrowsOperationCanceledWithoutPolling()
    {
        var body = StreamSubmit([$"data: {s_running10}\n\n"], hang: true);
        using var generator = Create();
        using var cancellation = new CancellationTokenSource();

        var generating = generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming, cancellationToken: cancellation.Token);
        await body.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generating.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task SubmitAndWatchAsync_WaitDeadlinePassesMidStream_ThrowsTimeoutWithTheLastJob()
    {
        var body = StreamSubmit([$"data: {s_running10}\n\n"], hang: true);
        using var generator = Create(o => o.StreamIdleTimeout = TimeSpan.FromHours(1));

        var generating = generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming, new VideoWaitOptions { Timeout = TimeSpan.FromMinutes(10) });
        await body.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => generating.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(TaskId, error.LastJob!.Id);
        Assert.Equal(10, error.LastJob.Progress);
    }

    [Fact]
    public async Task SubmitStreamingAsync_ErrorEnvelopeInsteadOfAStream_ThrowsItsTypedException()
    {
        StreamSubmit([Fixture("error-insufficient-credits.json")]);
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoQuotaExceededException>(() => generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming));

        Assert.Equal("grsai returned HTTP 200 (-1): insufficient credits", error.Message);
        Assert.Single(_http.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SubmitStreamingAsync_StreamEndsBeforeTheTaskId_IsUncertainAndNotRetried(bool reset)
    {
        StreamSubmit([": ping\n\n"], failure: reset ? new IOException("reset") : null);
        using var generator = Create(o => o.MaxRetries = 3);

        await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming, s_immediate));

        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task SubmitStreamingAsync_HttpErrorStatus_ThrowsTypedException()
    {
        _http.OnJson(HttpMethod.Post, SubmitPath, 401, Fixture("error-401.json"));
        using var generator = Create();

        await Assert.ThrowsAsync<VideoAuthenticationException>(() => ToListAsync(generator.SubmitStreamingAsync(new VideoGenerationRequest("x"))));
    }

    [Fact]
    public async Task SubmitStreamingAsync_RecordsThatAreNotTasks_AreSkipped()
    {
        StreamSubmit([$"data: {{\"hello\":1}}\n\ndata: {{\"id\":{{\"odd\":true}}}}\n\ndata: [1,2]\n\ndata: {s_succeeded}\n\n"]);
        using var generator = Create();

        var jobs = await ToListAsync(generator.SubmitStreamingAsync(new VideoGenerationRequest("x")));

        Assert.Equal(VideoJobStatus.Succeeded, Assert.Single(jobs).Status);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, which would race the assertions).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
