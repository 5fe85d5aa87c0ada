using System.Net;
using System.Text;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.AIVideoApi.Internal;
using SoraClient.Testing;

namespace SoraClient.Tests.Providers.AIVideoApi;

public sealed class AIVideoApiVideoGeneratorTests
{
    private const string Key = "sk-aivideoapi-test-1234567890abcdef";
    private const string TaskId = "9b1f6c1e-2d3a-4b5c-8d7e-0f1a2b3c4d5e";
    private const string TaskPath = "/v1/tasks/" + TaskId;
    private readonly StubHttpHandler _http = new();
    private readonly ManualTimeProvider _time = new();
    private readonly TestLoggerProvider _logs = new();

    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "AIVideoApi", name));

    private AIVideoApiVideoGenerator Create(Action<AIVideoApiOptions>? configure = null)
    {
        var options = new AIVideoApiOptions { ApiKey = Key, Endpoint = new Uri("https://api.aivideoapi.test"), MaxRetries = 0 };
        configure?.Invoke(options);
        return new AIVideoApiVideoGenerator(_http.CreateClient(), options, _time, _logs);
    }

    private StubHttpHandler AcceptCreate(string fixture = "create-200.json") => _http.OnJson(HttpMethod.Post, "/v1/videos/generations", 200, Fixture(fixture));

    // ---- the create body ----

    [Fact]
    public async Task SubmitAsync_PortraitEightSecondsImageUrl_SendsTheDocumentedNestedBody()
    {
        AcceptCreate();
        using var generator = Create();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("A calico cat playing a piano on stage")
        {
            AspectRatio = VideoAspectRatio.Portrait,
            DurationSeconds = 8,
            ReferenceImage = VideoInput.FromUri(new Uri("https://cdn.example.test/first-frame.png")),
        });

        var sent = Assert.Single(_http.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://api.aivideoapi.test/v1/videos/generations", sent.Uri.ToString());
        Assert.Equal("Bearer " + Key, sent.Header("Authorization"));
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        JsonAssert.Equal(
            """{"model":"sora-2","input":{"prompt":"A calico cat playing a piano on stage","duration":8,"aspect_ratio":"9:16","image_urls":["https://cdn.example.test/first-frame.png"]}}""",
            sent.BodyText);
        Assert.Equal(TaskId, job.Id);
        Assert.Equal("aivideoapi", job.Provider);
        Assert.Equal(VideoJobStatus.Queued, job.Status);
        Assert.Equal("sora-2", job.Model);
        Assert.Equal(_time.GetUtcNow(), job.CreatedAt);
        Assert.Equal(("9:16", 8, VideoAspectRatio.Portrait), (job.Effective!.Size, job.Effective.DurationSeconds, job.Effective.AspectRatio));
        Assert.Equal("aivideoapi:" + TaskId, job.Reference.ToString());
    }

    [Fact]
    public async Task SubmitAsync_NothingButAPrompt_SendsTheDefaults()
    {
        AcceptCreate();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x"));

        JsonAssert.Equal("""{"model":"sora-2","input":{"prompt":"x","duration":8,"aspect_ratio":"9:16"}}""", Assert.Single(_http.Requests).BodyText);
    }

    [Fact]
    public async Task SubmitAsync_CallbackAndExtras_GoWhereTheDocumentationPutsThem()
    {
        AcceptCreate();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x")
        {
            DurationSeconds = 12,
            AspectRatio = VideoAspectRatio.Landscape,
            CallbackUri = new Uri("https://app.example.test/sora/webhooks/aivideoapi?token=abc"),
            AdditionalProperties = { ["seed"] = 42, ["model"] = "sora-2-preview" },
        });

        JsonAssert.Equal(
            """{"model":"sora-2-preview","callback_url":"https://app.example.test/sora/webhooks/aivideoapi?token=abc","input":{"prompt":"x","duration":12,"aspect_ratio":"16:9","seed":42}}""",
            Assert.Single(_http.Requests).BodyText);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(5)]
    public async Task SubmitAsync_UnsupportedDurationStrict_ThrowsNamingAllowedValues(int seconds)
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = seconds }));

        Assert.Empty(_http.Requests);
        Assert.Equal("DurationSeconds", error.ParamName);
        Assert.Contains("Allowed: 4, 8, 12 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_SeedsPixelSizeStrict_IsRefusedNamingTheAspectRatios()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { Size = "1280x720" }));

        Assert.Contains("Allowed: 9:16, 16:9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_Nearest_SnapsDurationAndPixelSizeAndRecordsIt()
    {
        AcceptCreate();
        using var generator = Create(o => o.Normalization = VideoNormalization.Nearest);

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = 10, Size = "1280x720" });

        JsonAssert.Equal("""{"model":"sora-2","input":{"prompt":"x","duration":8,"aspect_ratio":"16:9"}}""", Assert.Single(_http.Requests).BodyText);
        Assert.Equal(["duration 10 s -> 8 s", "size 1280x720 -> 16:9"], job.Effective!.Adjustments);
    }

    [Fact]
    public async Task SubmitAsync_ImageBytes_AreRefusedBecauseTheGatewayTakesUrls()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { ReferenceImage = VideoInput.FromBytes(TestImages.Png(720, 1280), "image/png") }));

        Assert.Equal("ReferenceImage", error.ParamName);
        Assert.Contains("must be a URL", error.Message, StringComparison.Ordinal);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_PromptOver5000Characters_ThrowsBeforeSending()
    {
        using var generator = Create();

        await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest(new string('a', 5001))));
        Assert.Empty(_http.Requests);
    }

    [Theory]
    [InlineData("sora-2-pro")]
    [InlineData("veo-3")]
    public async Task SubmitAsync_ModelTheGatewayDoesNotOffer_ThrowsNamingSora2(string model)
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { Model = model }));

        Assert.Contains("Known models: sora-2.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_TaskIdUnderAnotherName_IsAccepted()
    {
        AcceptCreate("create-200-task-id.json");
        using var generator = Create();

        Assert.Equal(TaskId, (await generator.SubmitAsync(new VideoGenerationRequest("x"))).Id);
    }

    [Fact]
    public async Task SubmitAsync_AnswerWithoutTaskId_IsUncertainNotInvalid()
    {
        _http.OnJson(HttpMethod.Post, "/v1/videos/generations", 200, """{"code":200,"msg":"success","data":{}}""");
        using var generator = Create();

        // The gateway accepted the create (2xx): the task may exist and be billed, so this must not invite a second submit.
        var error = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.SubmitAsync(new VideoGenerationRequest("x")));

        Assert.Equal("invalid_response", Assert.IsAssignableFrom<VideoProviderException>(error.InnerException).ProviderErrorCode);
    }

    // ---- errors ----

    public static TheoryData<int, string, Type, string?, bool> DocumentedErrors => new()
    {
        { 400, "error-400-invalid-request.json", typeof(VideoProviderException), "invalid_request", false },
        { 401, "error-401-invalid-api-key.json", typeof(VideoAuthenticationException), "invalid_api_key", false },
        { 402, "error-402-insufficient-credits.json", typeof(VideoQuotaExceededException), "insufficient_credits", false },
        { 403, "error-403-ip-not-allowed.json", typeof(VideoAuthenticationException), "ip_not_allowed", false },
        { 404, "error-404-task-not-found.json", typeof(VideoJobNotFoundException), "task_not_found", false },
        { 404, "error-404-model-not-found.json", typeof(VideoProviderException), "model_not_found", false },
        { 429, "error-429-rate-limit.json", typeof(VideoRateLimitException), "rate_limit_exceeded", true },
        { 429, "error-429-spend-limit.json", typeof(VideoQuotaExceededException), "spend_limit_exceeded", false },
        { 500, "error-500-internal.json", typeof(VideoProviderException), "internal_error", true },
        { 503, "error-503-upstream.json", typeof(VideoProviderException), "upstream_error", true },
        { 200, "error-200-code-401.json", typeof(VideoAuthenticationException), null, false },
    };

    [Theory]
    [MemberData(nameof(DocumentedErrors))]
    public async Task GetJobAsync_DocumentedError_BecomesTypedException(int status, string fixture, Type expected, string? code, bool transient)
    {
        _http.OnJson(HttpMethod.Get, TaskPath, status, Fixture(fixture), ("x-request-id", "req_77"));
        using var generator = Create();

        var error = await Assert.ThrowsAnyAsync<VideoProviderException>(() => generator.GetJobAsync(TaskId));

        Assert.IsType(expected, error);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code, error.ProviderErrorCode);
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal("req_77", error.RequestId);
        Assert.StartsWith(code is null ? $"aivideoapi returned HTTP {status}: " : $"aivideoapi returned HTTP {status} ({code}): ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(402, "error-402-insufficient-credits.json", typeof(VideoQuotaExceededException), 1)]
    [InlineData(429, "error-429-spend-limit.json", typeof(VideoQuotaExceededException), 1)]
    [InlineData(500, "error-500-internal.json", typeof(VideoSubmissionUncertainException), 1)]
    [InlineData(200, "error-500-internal.json", typeof(VideoSubmissionUncertainException), 1)] // a server error inside a success answer: the job may exist
    [InlineData(400, "error-400-invalid-request.json", typeof(VideoProviderException), 1)]
    public async Task SubmitAsync_Error_IsTypedAndNotRetriedWhenTheJobMayExistOrWaitingDoesNotHelp(int status, string fixture, Type expected, int requests)
    {
        _http.OnJson(HttpMethod.Post, "/v1/videos/generations", status, Fixture(fixture));
        FastForwardShortTimers();
        using var generator = Create(o => o.MaxRetries = 3);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => generator.SubmitAsync(new VideoGenerationRequest("x")));

        Assert.IsType(expected, error);
        Assert.Equal(requests, _http.Requests.Count);
    }

    [Theory]
    [InlineData(429, "error-429-rate-limit.json")]
    [InlineData(503, "error-503-upstream.json")]
    public async Task SubmitAsync_NotAccepted_IsRetriedAndCreatesOneJob(int status, string fixture)
    {
        _http.On(HttpMethod.Post, "/v1/videos/generations",
            _ => StubHttpHandler.Json(status, Fixture(fixture), ("Retry-After", "1")),
            _ => StubHttpHandler.Json(200, Fixture("create-200.json")));
        FastForwardShortTimers();
        using var generator = Create(o => o.MaxRetries = 2);

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x"));

        Assert.Equal(TaskId, job.Id);
        Assert.Equal(2, _http.Requests.Count);
    }

    [Fact]
    public async Task GetJobAsync_RateLimitedThenAnswered_IsRetried()
    {
        _http.On(HttpMethod.Get, TaskPath,
            _ => StubHttpHandler.Json(429, Fixture("error-429-rate-limit.json"), ("Retry-After", "3")),
            _ => StubHttpHandler.Json(200, Fixture("task-processing.json")));
        FastForwardShortTimers();
        using var generator = Create(o => o.MaxRetries = 2);

        var job = await generator.GetJobAsync(TaskId);

        Assert.Equal(45, job.Progress);
        Assert.Equal(2, _http.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(3), _time.ScheduledDelays);
    }

    // ---- reading jobs ----

    [Theory]
    [InlineData("task-pending.json", VideoJobStatus.Queued, null, null)]
    [InlineData("task-processing.json", VideoJobStatus.Running, 45, null)]
    [InlineData("task-processing-fraction.json", VideoJobStatus.Running, 45, null)]
    [InlineData("task-completed.json", VideoJobStatus.Succeeded, 100, null)]
    [InlineData("task-completed-enveloped.json", VideoJobStatus.Succeeded, 100, null)]
    [InlineData("task-completed-without-urls.json", VideoJobStatus.Failed, null, "no_video_url")]
    [InlineData("task-failed-upstream.json", VideoJobStatus.Failed, null, "upstream_error")]
    [InlineData("task-failed-moderation.json", VideoJobStatus.Failed, null, "content_policy_violation")]
    [InlineData("task-unknown-status.json", VideoJobStatus.Queued, null, null)]
    public async Task GetJobAsync_DocumentedShapes_MapToNeutralStatus(string fixture, VideoJobStatus status, int? progress, string? errorCode)
    {
        _http.OnJson(HttpMethod.Get, TaskPath, 200, Fixture(fixture));
        using var generator = Create();

        var job = await generator.GetJobAsync(TaskId);

        var sent = Assert.Single(_http.Requests);
        Assert.Equal("Bearer " + Key, sent.Header("Authorization"));
        Assert.Empty(sent.Body);
        Assert.Equal(TaskId, job.Id);
        Assert.Equal(status, job.Status);
        Assert.Equal(progress, job.Progress);
        Assert.Equal(errorCode, job.Error?.Code);
        Assert.Equal(status == VideoJobStatus.Succeeded, job.Assets.Count == 1);
    }

    [Theory]
    [InlineData("task-failed-upstream.json", VideoErrorCategory.Transient, true)]
    [InlineData("task-failed-moderation.json", VideoErrorCategory.ContentPolicy, false)]
    public async Task GetJobAsync_Failed_CarriesCategorisedError(string fixture, VideoErrorCategory category, bool retryable)
    {
        _http.OnJson(HttpMethod.Get, TaskPath, 200, Fixture(fixture));
        using var generator = Create();

        var job = await generator.GetJobAsync(TaskId);

        Assert.Equal(category, job.Error!.Category);
        Assert.Equal(retryable, job.Error.IsRetryable);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795262460), job.CompletedAt);
    }

    [Fact]
    public async Task GetJobAsync_Completed_FillsAssetTimesAndExpiry()
    {
        _http.OnJson(HttpMethod.Get, TaskPath, 200, Fixture("task-completed.json"));
        using var generator = Create();

        var job = await generator.GetJobAsync(TaskId);

        var asset = Assert.Single(job.Assets);
        Assert.Equal(new Uri($"https://files.aivideoapi.ai/outputs/{TaskId}/video.mp4"), asset.Uri);
        Assert.Equal("video/mp4", asset.MediaType);
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), job.CreatedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T12:02:30Z", System.Globalization.CultureInfo.InvariantCulture), job.CompletedAt);
        Assert.Equal(job.CompletedAt + TimeSpan.FromHours(24), job.ExpiresAt);
        Assert.Equal("completed", job.ProviderStatus);
        Assert.Equal("sora-2", job.Model);
    }

    [Fact]
    public async Task GetJobAsync_CompletedMoreThanADayAgo_IsExpired()
    {
        _http.OnJson(HttpMethod.Get, TaskPath, 200, Fixture("task-completed.json"));
        using var generator = Create();
        _time.Advance(TimeSpan.FromHours(25));

        var job = await generator.GetJobAsync(TaskId);

        Assert.Equal(VideoJobStatus.Expired, job.Status);
        Assert.Empty(job.Assets);
    }

    [Theory]
    [InlineData("pending", VideoJobStatus.Queued, true)]
    [InlineData("processing", VideoJobStatus.Running, true)]
    [InlineData("completed", VideoJobStatus.Succeeded, true)]
    [InlineData("failed", VideoJobStatus.Failed, true)]
    [InlineData("cancelled", VideoJobStatus.Canceled, true)]
    [InlineData("expired", VideoJobStatus.Expired, true)]
    [InlineData("queued_for_gpu", VideoJobStatus.Queued, false)]
    [InlineData(null, VideoJobStatus.Queued, false)]
    public void MapStatus_EveryWord_MapsAndUnknownWordsStayNonTerminal(string? word, VideoJobStatus status, bool known)
    {
        Assert.Equal(new global::SoraClient.Normalization.StatusMapping(status, known), AIVideoApiJobMapper.MapStatus(word));
    }

    [Fact]
    public async Task GetJobAsync_UnknownStatus_IsLoggedOnce()
    {
        _http.OnJson(HttpMethod.Get, TaskPath, 200, Fixture("task-unknown-status.json"));
        using var generator = Create();

        await generator.GetJobAsync(TaskId);
        await generator.GetJobAsync(TaskId);

        Assert.Single(_logs.Entries, e => e.Contains("undocumented status 'queued_for_gpu'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("{\"id\":7,\"status\":\"completed\"}")]
    [InlineData("{\"id\":\"x\",\"status\":\"completed\",\"output\":{\"urls\":\"not-a-list\"}}")]
    public async Task GetJobAsync_MalformedBody_ThrowsTypedInvalidResponse(string body)
    {
        _http.On(HttpMethod.Get, TaskPath, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.GetJobAsync(TaskId));

        Assert.Equal("invalid_response", error.ProviderErrorCode);
    }

    [Fact]
    public async Task GetJobAsync_Canceled_PropagatesOperationCanceled()
    {
        _http.OnJson(HttpMethod.Get, TaskPath, 200, Fixture("task-pending.json"));
        using var generator = Create();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GetJobAsync(TaskId, cancellation.Token));
    }

    // ---- content, metadata ----

    [Fact]
    public async Task GetContentAsync_DownloadsTheOutputUrlWithoutTheKey()
    {
        var bytes = Encoding.ASCII.GetBytes("....ftypisom fake video");
        _http.On(HttpMethod.Get, $"/outputs/{TaskId}/video.mp4", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) });
        _http.OnJson(HttpMethod.Get, TaskPath, 200, Fixture("task-completed.json"));
        using var generator = Create();
        var job = await generator.GetJobAsync(TaskId);

        await using var content = await generator.GetContentAsync(job);
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy);

        var download = _http.Requests[^1];
        Assert.Equal("files.aivideoapi.ai", download.Uri.Host);
        Assert.Null(download.Header("Authorization"));
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task GetContentAsync_LinkGone_SaysItHasProbablyExpired()
    {
        _http.On(HttpMethod.Get, $"/outputs/{TaskId}/video.mp4", _ => new HttpResponseMessage(HttpStatusCode.NotFound));
        _http.OnJson(HttpMethod.Get, TaskPath, 200, Fixture("task-completed.json"));
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoProviderException>(async () => await generator.GetContentAsync(new VideoJob { Id = TaskId, Provider = "aivideoapi" }));

        Assert.Equal("asset_unavailable", error.ProviderErrorCode);
        Assert.Equal(404, error.StatusCode);
    }

    [Fact]
    public void GetService_ExposesMetadataClockAndAdapterButNoBatchReads()
    {
        using var generator = Create();

        var metadata = generator.GetService<VideoGeneratorMetadata>()!;
        Assert.Equal("aivideoapi", metadata.ProviderName);
        Assert.Equal("sora-2", metadata.DefaultModel);
        Assert.Equal([VideoDeliveryMode.Polling, VideoDeliveryMode.Webhook], metadata.DeliveryModes);
        Assert.Equal(0.125m, metadata.FindModel("sora-2")!.PricePerSecond);
        Assert.Same(_time, generator.GetService<TimeProvider>());
        Assert.Same(generator, generator.GetService<AIVideoApiVideoGenerator>());
        Assert.Null(generator.GetService<IVideoJobBatchReader>());
    }

    [Theory]
    [InlineData(4, 0.50)]
    [InlineData(8, 1.00)]
    [InlineData(12, 1.50)]
    public void EstimateCost_Is25CreditsPerSecond(int seconds, double dollars)
    {
        using var generator = Create();

        Assert.Equal((decimal)dollars, generator.EstimateCost(new VideoGenerationRequest("x") { DurationSeconds = seconds })!.Amount);
    }

    [Fact]
    public void Constructor_MissingApiKey_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new AIVideoApiVideoGenerator(_http.CreateClient(), new AIVideoApiOptions()));

        Assert.Contains("AIVideoApiOptions.ApiKey", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Retry and Retry-After delays pass at once; the per-attempt timeout (100 s) is never fast-forwarded.</summary>
    private void FastForwardShortTimers() => _time.TimerScheduled = delay =>
    {
        if (delay < TimeSpan.FromSeconds(60))
        {
            var due = _time.GetUtcNow() + delay;
            ThreadPool.QueueUserWorkItem(_ => _time.AdvanceTo(due));
        }
    };
}
