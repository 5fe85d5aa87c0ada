using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SoraClient.Polling;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AceData.Internal;
using SoraClient.Testing;

namespace SoraClient.Tests.Providers.AceData;

public sealed class AceDataVideoGeneratorTests
{
    private const string Key = "sk-acedata-test-1234567890abcdef";
    private const string TaskId = "6d2c2b4d-3f0c-4d7a-9a57-5b6f5ad2f6a1";
    private readonly StubHttpHandler _http = new();
    private readonly ManualTimeProvider _time = new();
    private readonly TestLoggerProvider _logs = new();

    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "AceData", name));

    private AceDataVideoGenerator Create(Action<AceDataOptions>? configure = null)
    {
        var options = new AceDataOptions { ApiKey = Key, Endpoint = new Uri("https://api.acedata.test"), MaxRetries = 0 };
        configure?.Invoke(options);
        return new AceDataVideoGenerator(_http.CreateClient(), options, _time, _logs);
    }

    private StubHttpHandler AcceptCreate(string fixture = "create-task.json") => _http.OnJson(HttpMethod.Post, "/sora/videos", 200, Fixture(fixture));

    private StubHttpHandler AnswerTasks(string fixture) => _http.OnJson(HttpMethod.Post, "/sora/tasks", 200, Fixture(fixture));

    // ---- the create body: version chosen from the neutral request, never the synchronous mode ----

    [Fact]
    public async Task SubmitAsync_UnknownModel_NamesEachModelOnce()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { Model = "veo-3" }));

        Assert.Contains("Known models: sora-2, sora-2-pro. ", error.Message, StringComparison.Ordinal);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_PortraitEightSecondsImageUrl_SendsAValidVersion2Body()
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
        Assert.Equal("https://api.acedata.test/sora/videos", sent.Uri.ToString());
        Assert.Equal("Bearer " + Key, sent.Header("Authorization"));
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        JsonAssert.Equal(
            """{"model":"sora-2","prompt":"A calico cat playing a piano on stage","version":"2.0","duration":8,"size":"720x1280","image_urls":["https://cdn.example.test/first-frame.png"],"async":true}""",
            sent.BodyText);
        Assert.Equal(TaskId, job.Id);
        Assert.Equal("acedata", job.Provider);
        Assert.Equal(VideoJobStatus.Queued, job.Status);
        Assert.Equal("sora-2", job.Model);
        Assert.Equal(_time.GetUtcNow(), job.CreatedAt);
        Assert.Equal("2.0", job.Effective!.ProviderSettings["version"]);
        Assert.Equal(("720x1280", 8, VideoAspectRatio.Portrait), (job.Effective.Size, job.Effective.DurationSeconds, job.Effective.AspectRatio));
        Assert.Equal("acedata:" + TaskId, job.Reference.ToString());
    }

    [Fact]
    public async Task SubmitAsync_NothingButAPrompt_SendsVersion1Defaults()
    {
        AcceptCreate();
        using var generator = Create();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x"));

        JsonAssert.Equal("""{"model":"sora-2","prompt":"x","version":"1.0","duration":10,"size":"small","orientation":"portrait","async":true}""", Assert.Single(_http.Requests).BodyText);
        Assert.Equal("1.0", job.Effective!.ProviderSettings["version"]);
        Assert.Equal("small-portrait", job.Effective.Size);
    }

    [Theory]
    [InlineData("sora-2", 15, VideoAspectRatio.Landscape, VideoResolution.High, """{"model":"sora-2","prompt":"x","version":"1.0","duration":15,"size":"large","orientation":"landscape","async":true}""")]
    [InlineData("sora-2-pro", 25, VideoAspectRatio.Portrait, null, """{"model":"sora-2-pro","prompt":"x","version":"1.0","duration":25,"size":"small","orientation":"portrait","async":true}""")]
    [InlineData("sora-2", 12, VideoAspectRatio.Landscape, VideoResolution.High, """{"model":"sora-2","prompt":"x","version":"2.0","duration":12,"size":"1792x1024","async":true}""")]
    [InlineData("sora-2-pro", 4, VideoAspectRatio.Landscape, null, """{"model":"sora-2-pro","prompt":"x","version":"2.0","duration":4,"size":"1280x720","async":true}""")]
    public async Task SubmitAsync_NeutralSettings_MapToTheVersionsFields(string model, int seconds, VideoAspectRatio aspect, VideoResolution? resolution, string expected)
    {
        AcceptCreate();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x") { Model = model, DurationSeconds = seconds, AspectRatio = aspect, Resolution = resolution });

        JsonAssert.Equal(expected, Assert.Single(_http.Requests).BodyText);
    }

    [Theory]
    [InlineData("1792x1024", """{"model":"sora-2","prompt":"x","version":"2.0","duration":4,"size":"1792x1024","async":true}""")]
    [InlineData("large-landscape", """{"model":"sora-2","prompt":"x","version":"1.0","duration":10,"size":"large","orientation":"landscape","async":true}""")]
    public async Task SubmitAsync_ExplicitSize_ChoosesTheVersionThatHasIt(string size, string expected)
    {
        AcceptCreate();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x") { Size = size });

        JsonAssert.Equal(expected, Assert.Single(_http.Requests).BodyText);
    }

    [Fact]
    public async Task SubmitAsync_CallbackUri_SendsCallbackUrlAndNotAsync()
    {
        AcceptCreate();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = 8, CallbackUri = new Uri("https://app.example.test/sora/webhooks/acedata?token=abc") });

        JsonAssert.Equal(
            """{"model":"sora-2","prompt":"x","version":"2.0","duration":8,"size":"720x1280","callback_url":"https://app.example.test/sora/webhooks/acedata?token=abc"}""",
            Assert.Single(_http.Requests).BodyText);
    }

    [Fact]
    public async Task SubmitAsync_VersionPinnedInOptions_UsesItForEveryRequest()
    {
        AcceptCreate();
        using var generator = Create(o => o.Version = AceDataModels.Version2);

        await generator.SubmitAsync(new VideoGenerationRequest("x"));

        JsonAssert.Equal("""{"model":"sora-2","prompt":"x","version":"2.0","duration":4,"size":"720x1280","async":true}""", Assert.Single(_http.Requests).BodyText);
        Assert.All(generator.GetService<VideoGeneratorMetadata>()!.Models, m => Assert.Equal("2.0", m.ProviderSettings!["version"]));
    }

    [Fact]
    public async Task SubmitAsync_VersionPinnedInAdditionalProperties_RefusesWhatThatVersionLacks()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { DurationSeconds = 10, AdditionalProperties = { ["version"] = "2.0" } }));

        Assert.Equal("acedata: model 'sora-2' does not support a duration of 10 s. Allowed: 4, 8, 12 s. (Parameter 'DurationSeconds')", error.Message);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_CharacterUrl_PinsVersion1AndPassesTheCharacterFields()
    {
        AcceptCreate();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x")
        {
            AdditionalProperties = { ["character_url"] = "https://cdn.example.test/character.mp4", ["character_start"] = 1, ["character_end"] = 3 },
        });
        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x")
        {
            DurationSeconds = 8,
            AdditionalProperties = { ["character_url"] = "https://cdn.example.test/character.mp4" },
        }));

        JsonAssert.Equal(
            """{"model":"sora-2","prompt":"x","version":"1.0","duration":10,"size":"small","orientation":"portrait","async":true,"character_url":"https://cdn.example.test/character.mp4","character_start":1,"character_end":3}""",
            Assert.Single(_http.Requests).BodyText);
        Assert.Contains("Allowed: 10, 15 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_DurationNoVersionOffers_StrictThrowsNamingBothVersions()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = 25 }));

        Assert.Empty(_http.Requests);
        Assert.Equal("DurationSeconds", error.ParamName);
        Assert.Equal(
            "acedata: no variant of model 'sora-2' accepts the request. With version 1.0 it does not support a duration of 25 s. Allowed: 10, 15 s. " +
            "With version 2.0 it does not support a duration of 25 s. Allowed: 4, 8, 12 s. (Parameter 'DurationSeconds')",
            error.Message);
        Assert.Equal(["4", "8", "10", "12", "15"], error.AllowedValues);
    }

    [Theory]
    [InlineData(9, "1.0", 10, "duration 9 s -> 10 s")]
    [InlineData(5, "2.0", 4, "duration 5 s -> 4 s")]
    [InlineData(30, "1.0", 15, "duration 30 s -> 15 s")]
    public async Task SubmitAsync_Nearest_SnapsToTheClosestVersionAndRecordsIt(int seconds, string version, int sent, string adjustment)
    {
        AcceptCreate();
        using var generator = Create(o => o.Normalization = VideoNormalization.Nearest);

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = seconds });

        var body = JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!;
        Assert.Equal(version, body["version"]!.GetValue<string>());
        Assert.Equal(sent, body["duration"]!.GetValue<int>());
        Assert.Equal([adjustment], job.Effective!.Adjustments);
    }

    [Fact]
    public async Task SubmitAsync_ImageBytes_AreSentAsADataUriAndShapeTheVideo()
    {
        AcceptCreate();
        using var generator = Create();
        var png = TestImages.Png(1280, 720);

        var job = await generator.SubmitAsync(new VideoGenerationRequest("animate it") { DurationSeconds = 8, ReferenceImage = VideoInput.FromBytes(png, "image/png") });

        var body = JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!;
        Assert.Equal("1280x720", body["size"]!.GetValue<string>());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), body["image_urls"]![0]!.GetValue<string>());
        Assert.Equal(VideoAspectRatio.Landscape, job.Effective!.AspectRatio);
    }

    [Fact]
    public async Task SubmitAsync_Version2ImageOfAnotherSize_ThrowsBeforeSending()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x")
        {
            Size = "720x1280",
            ReferenceImage = VideoInput.FromBytes(TestImages.Png(1280, 720), "image/png"),
        }));

        Assert.Empty(_http.Requests);
        Assert.Equal("ReferenceImage", error.ParamName);
        Assert.Contains("the reference image is 1280x720 but the video size is 720x1280; model 'sora-2' (version 2.0) requires them to match. Ask for size 1280x720", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_Version1Image_IsNotSizeChecked()
    {
        AcceptCreate();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = 10, ReferenceImage = VideoInput.FromBytes(TestImages.Png(1000, 1000), "image/png") });

        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_NotAnImage_ThrowsBeforeSending()
    {
        using var generator = Create();

        await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { ReferenceImage = VideoInput.FromBytes("GIF89a"u8.ToArray(), "image/gif") }));
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_AnswerWithTraceId_IsRead()
    {
        AcceptCreate("create-task-with-trace.json");
        using var generator = Create();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x"));

        Assert.Equal(TaskId, job.Id);
        Assert.Equal(VideoJobStatus.Queued, job.Status);
    }

    [Fact]
    public async Task SubmitAsync_AnswerWithoutTaskId_IsUncertainNotInvalid()
    {
        _http.OnJson(HttpMethod.Post, "/sora/videos", 200, """{"success":true}""");
        using var generator = Create();

        // The gateway accepted the create (2xx): the task may exist and be billed, so this must not invite a second submit.
        var error = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.SubmitAsync(new VideoGenerationRequest("x")));

        Assert.Equal("invalid_response", Assert.IsAssignableFrom<VideoProviderException>(error.InnerException).ProviderErrorCode);
    }

    // ---- errors ----

    public static TheoryData<int, string, Type, string> DocumentedErrors => new()
    {
        { 400, "error-400-bad-request.json", typeof(VideoProviderException), "bad_request" },
        { 400, "error-400-token-mismatched.json", typeof(VideoAuthenticationException), "token_mismatched" },
        { 401, "error-401-invalid-token.json", typeof(VideoAuthenticationException), "invalid_token" },
        { 401, "error-401-token-expired.json", typeof(VideoAuthenticationException), "token_expired" },
        { 403, "error-403-used-up.json", typeof(VideoQuotaExceededException), "used_up" },
        { 429, "error-429-too-many-requests.json", typeof(VideoRateLimitException), "too_many_requests" },
        { 500, "error-500-api-error.json", typeof(VideoProviderException), "api_error" },
        { 500, "error-500-busy.json", typeof(VideoProviderException), "busy" },
        { 504, "error-504-timeout.json", typeof(VideoProviderException), "timeout" },
        { 200, "error-403-used-up.json", typeof(VideoQuotaExceededException), "used_up" },   // an envelope inside HTTP 200
        { 200, "error-401-invalid-token.json", typeof(VideoAuthenticationException), "invalid_token" },
    };

    [Theory]
    [MemberData(nameof(DocumentedErrors))]
    public async Task GetJobAsync_DocumentedError_BecomesTypedExceptionWithTraceIdAsRequestId(int status, string fixture, Type expected, string code)
    {
        _http.OnJson(HttpMethod.Post, "/sora/tasks", status, Fixture(fixture));
        using var generator = Create();

        var error = await Assert.ThrowsAnyAsync<VideoProviderException>(() => generator.GetJobAsync(TaskId));

        Assert.IsType(expected, error);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code, error.ProviderErrorCode);
        Assert.Equal("8f2c6a1e-5b3d-4c7e-9a0f-2d4b6c8e0a13", error.RequestId);
        Assert.Equal(code is "api_error" or "busy" or "timeout" or "too_many_requests", error.IsTransient);
        Assert.StartsWith($"acedata returned HTTP {status} ({code}): ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("[request id 8f2c6a1e-5b3d-4c7e-9a0f-2d4b6c8e0a13]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, "error-500-api-error.json", typeof(VideoSubmissionUncertainException))]
    [InlineData(504, "error-504-timeout.json", typeof(VideoSubmissionUncertainException))]
    [InlineData(403, "error-403-used-up.json", typeof(VideoQuotaExceededException))]
    [InlineData(200, "error-403-used-up.json", typeof(VideoQuotaExceededException))]
    [InlineData(200, "error-500-api-error.json", typeof(VideoSubmissionUncertainException))] // a server error inside a success answer: the job may exist
    [InlineData(400, "error-400-bad-request.json", typeof(VideoProviderException))]
    public async Task SubmitAsync_Error_IsTypedAndNeverRetriedWhenTheJobMayExist(int status, string fixture, Type expected)
    {
        _http.OnJson(HttpMethod.Post, "/sora/videos", status, Fixture(fixture));
        FastForwardShortTimers(); // a wrongly retried create must fail the test, not hang it
        using var generator = Create(o => o.MaxRetries = 3);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => generator.SubmitAsync(new VideoGenerationRequest("x")));

        Assert.IsType(expected, error);
        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_RateLimited_IsRetriedBecauseTheJobWasNotAccepted()
    {
        _http.On(HttpMethod.Post, "/sora/videos",
            _ => StubHttpHandler.Json(429, Fixture("error-429-too-many-requests.json"), ("Retry-After", "2")),
            _ => StubHttpHandler.Json(200, Fixture("create-task.json")));
        FastForwardShortTimers();
        using var generator = Create(o => o.MaxRetries = 2);

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x"));

        Assert.Equal(TaskId, job.Id);
        Assert.Equal(2, _http.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(2), _time.ScheduledDelays);
    }

    [Fact]
    public async Task GetJobAsync_RateLimitedThenAnswered_IsRetried()
    {
        _http.On(HttpMethod.Post, "/sora/tasks",
            _ => StubHttpHandler.Json(429, Fixture("error-429-too-many-requests.json")),
            _ => StubHttpHandler.Json(200, Fixture("task-pending.json")));
        FastForwardShortTimers();
        using var generator = Create(o => o.MaxRetries = 2);

        var job = await generator.GetJobAsync(TaskId);

        Assert.Equal(VideoJobStatus.Running, job.Status);
        Assert.Equal(2, _http.Requests.Count);
    }

    // ---- reading jobs ----

    [Fact]
    public async Task GetJobAsync_PostsRetrieveWithTheId()
    {
        AnswerTasks("task-pending.json");
        using var generator = Create();

        await generator.GetJobAsync(TaskId);

        var sent = Assert.Single(_http.Requests);
        Assert.Equal("https://api.acedata.test/sora/tasks", sent.Uri.ToString());
        Assert.Equal("Bearer " + Key, sent.Header("Authorization"));
        JsonAssert.Equal($$"""{"id":"{{TaskId}}","action":"retrieve"}""", sent.BodyText);
    }

    [Theory]
    [InlineData("task-no-response.json", VideoJobStatus.Running, null, null)]
    [InlineData("task-pending.json", VideoJobStatus.Running, "pending", null)]
    [InlineData("task-succeeded.json", VideoJobStatus.Succeeded, "succeeded", null)]
    [InlineData("result-succeeded.json", VideoJobStatus.Succeeded, "succeeded", null)]
    [InlineData("task-succeeded-without-url.json", VideoJobStatus.Failed, "succeeded", "no_video_url")]
    [InlineData("task-failed-api-error.json", VideoJobStatus.Failed, "failed", "api_error")]
    [InlineData("task-failed-moderation.json", VideoJobStatus.Failed, "failed", "content_policy_violation")]
    [InlineData("result-failed.json", VideoJobStatus.Failed, "failed", "content_policy_violation")]
    [InlineData("task-failed-state.json", VideoJobStatus.Failed, "failed", null)]
    [InlineData("task-unknown-state.json", VideoJobStatus.Running, "processing", null)]
    public async Task GetJobAsync_DocumentedShapes_MapToNeutralStatus(string fixture, VideoJobStatus status, string? word, string? errorCode)
    {
        AnswerTasks(fixture);
        using var generator = Create();

        var job = await generator.GetJobAsync(TaskId);

        Assert.Equal(TaskId, job.Id);
        Assert.Equal(status, job.Status);
        Assert.Equal(word, job.ProviderStatus);
        Assert.Equal(errorCode, job.Error?.Code);
        Assert.Equal(status == VideoJobStatus.Failed, job.Error is not null);
        Assert.Equal(status == VideoJobStatus.Succeeded, job.Assets.Count == 1);
        Assert.Equal(status == VideoJobStatus.Succeeded ? 100 : null, job.Progress);
    }

    [Theory]
    [InlineData("task-failed-api-error.json", VideoErrorCategory.Transient, true)]
    [InlineData("task-failed-moderation.json", VideoErrorCategory.ContentPolicy, false)]
    [InlineData("task-succeeded-without-url.json", VideoErrorCategory.Unknown, false)]
    public async Task GetJobAsync_Failed_CarriesCategorisedError(string fixture, VideoErrorCategory category, bool retryable)
    {
        AnswerTasks(fixture);
        using var generator = Create();

        var job = await generator.GetJobAsync(TaskId);

        Assert.Equal(category, job.Error!.Category);
        Assert.Equal(retryable, job.Error.IsRetryable);
    }

    [Fact]
    public async Task GetJobAsync_Succeeded_FillsAssetTimesModelAndTheSettingsTheTaskRecords()
    {
        AnswerTasks("task-succeeded.json");
        using var generator = Create();

        var job = await generator.GetJobAsync(TaskId);

        var asset = Assert.Single(job.Assets);
        Assert.Equal(VideoAssetKind.Video, asset.Kind);
        Assert.Equal(new Uri("https://platform.cdn.acedata.cloud/sora/6d2c2b4d-3f0c-4d7a-9a57-5b6f5ad2f6a1.mp4"), asset.Uri);
        Assert.Equal("sora-2:task_01k8qv3m9sf0xa2b7c4d6e8g0h", asset.ProviderReference);
        Assert.Equal("video/mp4", asset.MediaType);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763726400123), job.CreatedAt);
        Assert.Equal("sora-2-pro", job.Model);
        Assert.Equal(("large-landscape", 15, VideoResolution.High, "1.0"),
            (job.Effective!.Size, job.Effective.DurationSeconds, job.Effective.Resolution, job.Effective.ProviderSettings["version"]));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("{\"_id\":\"67a1\",\"type\":\"videos\"}")]
    public async Task GetJobAsync_UnknownTask_ThrowsNotFound(string body)
    {
        _http.OnJson(HttpMethod.Post, "/sora/tasks", 200, body);
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync("no-such-task"));

        Assert.Equal("not_found", error.ProviderErrorCode);
        Assert.Contains("no task with id 'no-such-task'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("{\"id\":\"x\",\"response\":{\"data\":[{\"state\":1}]}}")]
    public async Task GetJobAsync_MalformedBody_ThrowsTypedInvalidResponse(string body)
    {
        _http.On(HttpMethod.Post, "/sora/tasks", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.GetJobAsync(TaskId));

        Assert.Equal("invalid_response", error.ProviderErrorCode);
    }

    [Theory]
    [InlineData("pending", VideoJobStatus.Running, true)]
    [InlineData("succeeded", VideoJobStatus.Succeeded, true)]
    [InlineData("failed", VideoJobStatus.Failed, true)]
    [InlineData("SUCCEEDED", VideoJobStatus.Succeeded, true)]
    [InlineData("processing", VideoJobStatus.Running, false)]
    [InlineData(null, VideoJobStatus.Running, false)]
    public void MapState_EveryWord_MapsAndUnknownWordsStayNonTerminal(string? word, VideoJobStatus status, bool known)
    {
        Assert.Equal(new global::SoraClient.Normalization.StatusMapping(status, known), AceDataJobMapper.MapState(word));
    }

    [Fact]
    public async Task GetJobAsync_UnknownState_IsLoggedOnce()
    {
        AnswerTasks("task-unknown-state.json");
        using var generator = Create();

        await generator.GetJobAsync(TaskId);
        await generator.GetJobAsync(TaskId);

        Assert.Single(_logs.Entries, e => e.Contains("undocumented state 'processing'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetJobAsync_Canceled_PropagatesOperationCanceled()
    {
        AnswerTasks("task-pending.json");
        using var generator = Create();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GetJobAsync(TaskId, cancellation.Token));
    }

    // ---- batch reads ----

    [Fact]
    public async Task GetJobsAsync_PostsRetrieveBatchAndMapsEachItem()
    {
        AnswerTasks("batch.json");
        using var generator = Create();

        var jobs = await generator.GetJobsAsync([TaskId, "7e3d3c5e-4a1d-4e8b-8b68-6c7a6be3a7b2"]);

        JsonAssert.Equal($$"""{"ids":["{{TaskId}}","7e3d3c5e-4a1d-4e8b-8b68-6c7a6be3a7b2"],"action":"retrieve_batch"}""", Assert.Single(_http.Requests).BodyText);
        Assert.Equal([(TaskId, VideoJobStatus.Succeeded), ("7e3d3c5e-4a1d-4e8b-8b68-6c7a6be3a7b2", VideoJobStatus.Running)], jobs.Select(j => (j.Id, j.Status)));
        Assert.Equal("2.0", jobs[0].Effective!.ProviderSettings["version"]);
    }

    [Fact]
    public async Task GetJobsAsync_MoreIdsThanABatch_SplitsAndSkipsDuplicates()
    {
        _http.On(HttpMethod.Post, "/sora/tasks", _ => StubHttpHandler.Json(200, """{"items":[],"count":0}"""));
        using var generator = Create(o => o.MaxBatchSize = 2);

        var jobs = await generator.GetJobsAsync(["a", "b", "c", "a", "d", "e"]);

        Assert.Empty(jobs);
        Assert.Equal(["a,b", "c,d", "e"], _http.Requests.Select(r => string.Join(",", JsonNode.Parse(r.BodyText)!["ids"]!.AsArray().Select(n => n!.GetValue<string>()))));
    }

    [Fact]
    public async Task WaitForCompletionAsync_FiftyJobsAtOnce_IssuesBatchReadsNotFiftyPollsPerRound()
    {
        var ids = Enumerable.Range(0, 50).Select(i => $"task-{i:00}").ToList();
        var start = _time.GetUtcNow();
        _http.On(HttpMethod.Post, "/sora/tasks", request => AnswerBatch(request, done: _time.GetUtcNow() - start >= TimeSpan.FromSeconds(90)));
        using var generator = Create();
        var submitted = ids.Select(id => new VideoJob { Id = id, Provider = "acedata", Status = VideoJobStatus.Queued }).ToList();

        var waits = submitted.Select(job => generator.WaitForCompletionAsync(job)).ToList();
        await DriveAsync(generator, waits, TimeSpan.FromMinutes(10));

        Assert.All(await Task.WhenAll(waits), j => Assert.Equal(VideoJobStatus.Succeeded, j.Status));
        var actions = _http.Requests.Select(r => JsonNode.Parse(r.BodyText)!).ToList();
        Assert.All(actions, a => Assert.Equal("retrieve_batch", a["action"]!.GetValue<string>()));
        Assert.All(actions, a => Assert.Equal(50, a["ids"]!.AsArray().Count));
        Assert.InRange(actions.Count, 5, 15); // one request per round instead of 50
    }

    [Fact]
    public void GetService_ExposesMetadataBatchReaderClockAndAdapter()
    {
        using var generator = Create();

        var metadata = generator.GetService<VideoGeneratorMetadata>()!;
        Assert.Equal("acedata", metadata.ProviderName);
        Assert.Equal(new Uri("https://api.acedata.test"), metadata.Endpoint);
        Assert.Equal("sora-2", metadata.DefaultModel);
        Assert.Equal([VideoDeliveryMode.Polling, VideoDeliveryMode.Webhook], metadata.DeliveryModes);
        Assert.Equal(["sora-2 1.0", "sora-2 2.0", "sora-2-pro 1.0", "sora-2-pro 2.0"], metadata.Models.Select(m => $"{m.Model} {m.ProviderSettings!["version"]}"));
        Assert.Same(generator, generator.GetService<IVideoJobBatchReader>());
        Assert.Equal(50, generator.GetService<IVideoJobBatchReader>()!.MaxBatchSize);
        Assert.Same(_time, generator.GetService<TimeProvider>());
        Assert.Same(generator, generator.GetService<AceDataVideoGenerator>());
        Assert.Null(generator.GetService<string>());
    }

    [Theory]
    [InlineData(8, "2.0", 0.053)]
    [InlineData(15, "1.0", 0.053)]
    public void EstimateCost_PricesPerClipAndSaysTheVersion(int seconds, string version, double price)
    {
        using var generator = Create();

        var estimate = generator.EstimateCost(new VideoGenerationRequest("x") { DurationSeconds = seconds })!;

        Assert.Equal((decimal)price, estimate.Amount);
        Assert.Equal(version, estimate.Settings.ProviderSettings["version"]);
    }

    [Theory]
    [InlineData("3.0", null, "Version '3.0' is not a version of any model (1.0, 2.0)")]
    [InlineData(null, 0, "MaxBatchSize must be at least 1, not 0")]
    [InlineData(null, null, "AceDataOptions: the API key is missing")]
    public void Constructor_InvalidOptions_ThrowNamingTheSetting(string? version, int? batch, string expected)
    {
        var options = new AceDataOptions { ApiKey = batch is null && version is null ? null : Key, Version = version };
        if (batch is { } size)
        {
            options.MaxBatchSize = size;
        }

        var error = Assert.Throws<ArgumentException>(() => new AceDataVideoGenerator(_http.CreateClient(), options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    // ---- content ----

    [Fact]
    public async Task GetContentAsync_DownloadsTheLinkWithoutSendingTheKeyToTheCdn()
    {
        var bytes = Encoding.ASCII.GetBytes("....ftypisom fake video");
        _http.On(HttpMethod.Get, "/sora/video.mp4", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) { Headers = { ContentType = new("video/mp4") } } });
        using var generator = Create();
        var job = new VideoJob
        {
            Id = TaskId,
            Provider = "acedata",
            Status = VideoJobStatus.Succeeded,
            Assets = [new VideoAsset(VideoAssetKind.Video) { Uri = new Uri("https://platform.cdn.acedata.test/sora/video.mp4?sig=secret") }],
        };

        await using var content = await generator.GetContentAsync(job);
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy);

        var sent = Assert.Single(_http.Requests);
        Assert.Equal("platform.cdn.acedata.test", sent.Uri.Host);
        Assert.Null(sent.Header("Authorization"));
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal("video/mp4", content.MediaType);
    }

    [Fact]
    public async Task GetContentAsync_JobWithoutAssets_ReadsTheJobFirst()
    {
        AnswerTasks("task-succeeded.json");
        _http.On(HttpMethod.Get, $"/sora/{TaskId}.mp4", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) });
        using var generator = Create();

        await using var content = await generator.GetContentAsync(new VideoJob { Id = TaskId, Provider = "acedata", Status = VideoJobStatus.Succeeded });

        Assert.Equal(["POST /sora/tasks", $"GET /sora/{TaskId}.mp4"], _http.Requests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"));
    }

    [Fact]
    public async Task GetContentAsync_ExpiredLink_SaysSoWithoutTheSignedUrl()
    {
        _http.On(HttpMethod.Get, "/sora/video.mp4", _ => new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("<Error><Code>AuthenticationFailed</Code></Error>", Encoding.UTF8, "application/xml") });
        using var generator = Create();
        var job = new VideoJob
        {
            Id = TaskId,
            Provider = "acedata",
            Status = VideoJobStatus.Succeeded,
            Assets = [new VideoAsset(VideoAssetKind.Video) { Uri = new Uri("https://platform.cdn.acedata.test/sora/video.mp4?sig=secret") }],
        };

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.GetContentAsync(job));

        Assert.Equal("asset_unavailable", error.ProviderErrorCode);
        Assert.Equal(403, error.StatusCode);
        Assert.Contains("platform.cdn.acedata.test refused the video link of job " + TaskId, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetContentAsync_Thumbnail_IsNotSupported()
    {
        using var generator = Create();

        await Assert.ThrowsAsync<NotSupportedException>(() => generator.GetContentAsync(new VideoJob { Id = TaskId, Provider = "acedata" }, VideoAssetKind.Thumbnail));
    }

    private static HttpResponseMessage AnswerBatch(HttpRequestMessage request, bool done)
    {
        using var reader = new StreamReader(request.Content!.ReadAsStream());
        var body = JsonNode.Parse(reader.ReadToEnd())!;
        var ids = body["ids"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [body["id"]!.GetValue<string>()];
        var items = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject
        {
            ["id"] = id,
            ["response"] = done
                ? new JsonObject { ["success"] = true, ["task_id"] = id, ["data"] = new JsonArray(new JsonObject { ["id"] = id, ["state"] = "succeeded", ["video_url"] = $"https://cdn.example.test/{id}.mp4" }) }
                : null,
        })]);
        return StubHttpHandler.Json(200, body["ids"] is null ? items[0]!.ToJsonString() : new JsonObject { ["items"] = items, ["count"] = ids.Count }.ToJsonString());
    }

    /// <summary>Moves the clock until every wait ends, letting each round's continuations register their next reads first.</summary>
    private async Task DriveAsync(IVideoGenerator generator, IReadOnlyList<Task<VideoJob>> waits, TimeSpan limit)
    {
        var batcher = VideoJobReadBatcher.For(generator, _time)!;
        var end = _time.GetUtcNow() + limit;
        while (waits.Any(w => !w.IsCompleted) && _time.GetUtcNow() < end)
        {
            var settle = Stopwatch.StartNew();
            while (batcher.PendingCount != waits.Count(w => !w.IsCompleted) && settle.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(1);
            }

            _time.Advance(TimeSpan.FromMilliseconds(250));
        }
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
