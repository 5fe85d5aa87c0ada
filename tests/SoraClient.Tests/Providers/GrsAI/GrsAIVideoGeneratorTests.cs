using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoraClient.Providers.GrsAI;
using SoraClient.Providers.GrsAI.Internal;
using SoraClient.Testing;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Providers.GrsAI;

public sealed class GrsAIVideoGeneratorTests
{
    internal const string Key = "sk-grsai-test-1234567890";
    internal const string TaskId = "f44bcf50-f2d0-4c26-a467-26f2014a771b";
    internal const string Pid = "s_6964a407c1fc819198458b8abf2b9cdf";
    private const string SubmitPath = "/v1/video/sora-video";
    private const string ResultPath = "/v1/draw/result";
    private readonly StubHttpHandler _http = new();
    private readonly ManualTimeProvider _time = new();
    private readonly TestLoggerProvider _logs = new();

    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "GrsAI", name));

    private GrsAIVideoGenerator Create(Action<GrsAIOptions>? configure = null)
    {
        var options = new GrsAIOptions { ApiKey = Key, MaxRetries = 0 };
        configure?.Invoke(options);
        return new GrsAIVideoGenerator(_http.CreateClient(), options, _time, _logs);
    }

    /// <summary>
    /// Moves the clock a second at a time until <paramref name="work"/> ends, so retry delays pass (a wrongly retried
    /// request shows up as an extra request, not a hang); it never jumps past the per-attempt timeout.
    /// </summary>
    private async Task<T> DriveAsync<T>(Task<T> work)
    {
        for (var i = 0; i < 60 && !work.IsCompleted; i++)
        {
            await Task.WhenAny(work, Task.Delay(1));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return await work.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private StubHttpHandler AcceptSubmit() => _http.OnJson(HttpMethod.Post, SubmitPath, 200, Fixture("submit-accepted.json"));

    [Fact]
    public async Task SubmitAsync_NeutralRequest_ReachesGrsAIAsTheDocumentedBodyExactly()
    {
        AcceptSubmit();
        using var generator = Create();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("The hero char walks into the castle")
        {
            AspectRatio = VideoAspectRatio.Landscape,
            DurationSeconds = 10,
            Resolution = VideoResolution.High,
            Characters = ["char"],
            ReferenceImage = VideoInput.FromUri(new Uri("https://cdn.example.test/first-frame.png")),
        });

        var sent = Assert.Single(_http.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://grsaiapi.com/v1/video/sora-video", sent.Uri.ToString());
        Assert.Equal("Bearer " + Key, sent.Header("Authorization"));
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        Assert.Equal(
            """{"model":"sora-2","prompt":"The hero @char walks into the castle","url":"https://cdn.example.test/first-frame.png","aspectRatio":"16:9","duration":10,"size":"large","webHook":"-1"}""",
            sent.BodyText);
        Assert.Equal(TaskId, job.Id);
        Assert.Equal("grsai", job.Provider);
        Assert.Equal(VideoJobStatus.Queued, job.Status);
        Assert.False(job.IsTerminal);
        Assert.Equal("16:9/large", job.Effective!.Size);
        Assert.Equal("sora-2", job.Model);
        Assert.Equal("grsai:" + TaskId, job.Reference.ToString());
    }

    [Fact]
    public async Task SubmitAsync_NoSettings_SendsGrsAIsDefaults()
    {
        AcceptSubmit();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x"));

        Assert.Equal("""{"model":"sora-2","prompt":"x","aspectRatio":"9:16","duration":10,"size":"small","webHook":"-1"}""", Assert.Single(_http.Requests).BodyText);
    }

    [Theory]
    [InlineData(VideoAspectRatio.Portrait, VideoResolution.High, 15, "9:16", "large", 15)]
    [InlineData(VideoAspectRatio.Landscape, VideoResolution.Standard, 15, "16:9", "small", 15)]
    [InlineData(VideoAspectRatio.Portrait, null, 10, "9:16", "small", 10)]
    [InlineData(null, VideoResolution.High, null, "9:16", "large", 10)]
    public async Task SubmitAsync_ShapeTierAndDuration_MapToTheWireFields(VideoAspectRatio? aspect, VideoResolution? resolution, int? seconds,
        string aspectRatio, string size, int duration)
    {
        AcceptSubmit();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x") { AspectRatio = aspect, Resolution = resolution, DurationSeconds = seconds });

        var body = JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!;
        Assert.Equal(aspectRatio, body["aspectRatio"]!.GetValue<string>());
        Assert.Equal(size, body["size"]!.GetValue<string>());
        Assert.Equal(duration, body["duration"]!.GetValue<int>());
    }

    [Fact]
    public async Task SubmitAsync_ExplicitSizeName_IsSplitIntoAspectRatioAndSize()
    {
        AcceptSubmit();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x") { Size = "16:9/large", DurationSeconds = 15 });

        Assert.Equal("""{"model":"sora-2","prompt":"x","aspectRatio":"16:9","duration":15,"size":"large","webHook":"-1"}""", Assert.Single(_http.Requests).BodyText);
    }

    [Fact]
    public async Task SubmitAsync_FourSecondsStrict_IsRefusedNamingTenAndFifteen()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = 4 }));

        Assert.Empty(_http.Requests);
        Assert.Equal("DurationSeconds", error.ParamName);
        Assert.Contains("Allowed: 10, 15 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(["10", "15"], error.AllowedValues);
    }

    [Fact]
    public async Task SubmitAsync_FourSecondsNearest_BecomesTenAndIsRecorded()
    {
        AcceptSubmit();
        using var generator = Create();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = 4, Resolution = VideoResolution.FullHd },
            new VideoGenerationOptions { Normalization = VideoNormalization.Nearest });

        var body = JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!;
        Assert.Equal(10, body["duration"]!.GetValue<int>());
        Assert.Equal("large", body["size"]!.GetValue<string>());
        Assert.Equal(["duration 4 s -> 10 s", "resolution FullHd -> High"], job.Effective!.Adjustments);
    }

    [Fact]
    public async Task SubmitAsync_NearestModeFromOptions_AppliesWhenTheCallDoesNotSay()
    {
        AcceptSubmit();
        using var generator = Create(o => o.Normalization = VideoNormalization.Nearest);

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = 25 });

        Assert.Equal(15, job.Effective!.DurationSeconds);
    }

    [Theory]
    [InlineData("square", "AspectRatio")]
    [InlineData("fullhd", "Resolution")]
    [InlineData("size", "Size")]
    public async Task SubmitAsync_UnsupportedShapeTierOrSize_IsRefusedBeforeSending(string what, string property)
    {
        using var generator = Create();
        var request = what switch
        {
            "square" => new VideoGenerationRequest("x") { AspectRatio = VideoAspectRatio.Square },
            "fullhd" => new VideoGenerationRequest("x") { Resolution = VideoResolution.FullHd },
            _ => new VideoGenerationRequest("x") { Size = "1280x720" },
        };

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(request));

        Assert.Equal(property, error.ParamName);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_RemixOfPid_SendsRemixTargetId()
    {
        AcceptSubmit();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("the same cat, now at night") { RemixOf = Pid, AspectRatio = VideoAspectRatio.Landscape });

        Assert.Equal(
            $$"""{"model":"sora-2","prompt":"the same cat, now at night","aspectRatio":"16:9","duration":10,"size":"small","remixTargetId":"{{Pid}}","webHook":"-1"}""",
            Assert.Single(_http.Requests).BodyText);
    }

    [Fact]
    public async Task SubmitAsync_RemixOfATaskId_IsRefusedAsAMixUp()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { RemixOf = TaskId }));

        Assert.Equal("RemixOf", error.ParamName);
        Assert.Contains("pid", error.Message, StringComparison.Ordinal);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_CallbackUri_SendsItAsWebHook()
    {
        AcceptSubmit();
        using var generator = Create();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x") { CallbackUri = new Uri("https://app.example.test/sora/webhooks?token=abc") });

        Assert.Equal("https://app.example.test/sora/webhooks?token=abc", JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!["webHook"]!.GetValue<string>());
        Assert.Equal(TaskId, job.Id);
    }

    [Fact]
    public async Task SubmitAsync_WebhookModeWithoutCallbackUri_IsRefused()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x"),
            new VideoGenerationOptions { DeliveryMode = VideoDeliveryMode.Webhook }));

        Assert.Equal("CallbackUri", error.ParamName);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_RelativeOrNonHttpCallback_IsRefused()
    {
        using var generator = Create();

        await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { CallbackUri = new Uri("ftp://example.test/hook") }));
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_StreamingAskedOfSubmit_IsNotSupported()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => generator.SubmitAsync(new VideoGenerationRequest("x"),
            new VideoGenerationOptions { DeliveryMode = VideoDeliveryMode.Streaming }));

        Assert.Contains("SubmitAndWatchAsync", error.Message, StringComparison.Ordinal);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_StreamingDefaultInOptions_StillSubmitsInPollingMode()
    {
        AcceptSubmit();
        using var generator = Create(o => o.DeliveryMode = VideoDeliveryMode.Streaming);

        await generator.SubmitAsync(new VideoGenerationRequest("x"));

        Assert.Equal("-1", JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!["webHook"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubmitAsync_AdditionalProperties_AreMergedAndWin()
    {
        AcceptSubmit();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x") { AdditionalProperties = { ["shutProgress"] = true, ["size"] = "small" } });

        JsonAssert.Equal("""{"model":"sora-2","prompt":"x","aspectRatio":"9:16","duration":10,"size":"small","webHook":"-1","shutProgress":true}""", Assert.Single(_http.Requests).BodyText);
    }

    [Theory]
    [InlineData("A @cat_01 jumps", new[] { "cat_01" }, "A @cat_01 jumps")]
    [InlineData("A cat_01 jumps", new[] { "cat_01" }, "A @cat_01 jumps")]
    [InlineData("A cat jumps", new[] { "cat_01" }, "A cat jumps @cat_01")]
    [InlineData("A cat jumps ", new[] { "@cat_01" }, "A cat jumps @cat_01")]
    [InlineData("cat_01 meets dog.7.", new[] { "cat_01", "dog.7" }, "@cat_01 meets @dog.7.")]
    [InlineData("cat_012 is another one", new[] { "cat_01" }, "cat_012 is another one @cat_01")]
    [InlineData("Two @cat_01 and @cat_01", new[] { "cat_01", "cat_01" }, "Two @cat_01 and @cat_01")]
    public async Task SubmitAsync_Characters_AreWrittenIntoThePromptExactlyOnce(string prompt, string[] characters, string expected)
    {
        AcceptSubmit();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest(prompt) { Characters = characters });

        Assert.Equal(expected, JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!["prompt"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubmitAsync_ThreeCharacters_AreRefused()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { Characters = ["a", "b", "c"] }));

        Assert.Equal("Characters", error.ParamName);
    }

    [Fact]
    public async Task SubmitAsync_ImageBytes_AreSentAsPlainBase64()
    {
        AcceptSubmit();
        using var generator = Create();
        var png = TestImages.Png(640, 360);

        await generator.SubmitAsync(new VideoGenerationRequest("animate") { ReferenceImage = VideoInput.FromBytes(png, "image/png") });

        Assert.Equal(Convert.ToBase64String(png), JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubmitAsync_ImageFile_IsReadAndSentAsBase64()
    {
        AcceptSubmit();
        using var generator = Create();
        var jpeg = TestImages.JpegHeader(720, 1280);
        var path = Path.Combine(Path.GetTempPath(), $"grsai-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, jpeg);
        try
        {
            await generator.SubmitAsync(new VideoGenerationRequest("animate") { ReferenceImage = VideoInput.FromFile(path) });
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(Convert.ToBase64String(jpeg), JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubmitAsync_DataUri_IsSentAsItsBase64()
    {
        AcceptSubmit();
        using var generator = Create();
        var base64 = Convert.ToBase64String(TestImages.Png(16, 16));

        await generator.SubmitAsync(new VideoGenerationRequest("animate") { ReferenceImage = VideoInput.FromUri(new Uri("data:image/png;base64," + base64)) });

        Assert.Equal(base64, JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubmitAsync_NotAnImageOrUnfetchableUri_IsRefusedBeforeSending()
    {
        using var generator = Create();

        await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { ReferenceImage = VideoInput.FromBytes("GIF89a..."u8.ToArray(), "image/gif") }));
        await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { ReferenceImage = VideoInput.FromUri(new Uri("file:///tmp/a.png")) }));
        Assert.Empty(_http.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task SubmitAsync_EmptyPrompt_IsRefusedBeforeSending(string prompt)
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest(prompt)));

        Assert.Equal("Prompt", error.ParamName);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_UnknownModel_IsRefusedNamingKnownModels()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { Model = "sora-2-pro" }));

        Assert.Contains("Known models: sora-2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://grsai.dakka.com.cn", "https://grsai.dakka.com.cn/v1/video/sora-video")]
    [InlineData("https://grsai.dakka.com.cn/", "https://grsai.dakka.com.cn/v1/video/sora-video")]
    [InlineData("https://grsaiapi.com/v1", "https://grsaiapi.com/v1/video/sora-video")]
    [InlineData("https://proxy.example.test/grsai/", "https://proxy.example.test/grsai/v1/video/sora-video")]
    public async Task Endpoint_HostOrHostWithV1_GivesTheDocumentedPaths(string endpoint, string expected)
    {
        _http.OnJson(HttpMethod.Post, new Uri(expected).AbsolutePath, 200, Fixture("submit-accepted.json"));
        using var generator = Create(o => o.Endpoint = new Uri(endpoint));

        await generator.SubmitAsync(new VideoGenerationRequest("x"));

        Assert.Equal(expected, Assert.Single(_http.Requests).Uri.ToString());
    }

    [Fact]
    public void Endpoints_NameBothHosts()
    {
        Assert.Equal(new Uri("https://grsaiapi.com"), GrsAIEndpoints.Overseas);
        Assert.Equal(new Uri("https://grsai.dakka.com.cn"), GrsAIEndpoints.Mainland);
        Assert.Equal(GrsAIEndpoints.Overseas, GrsAIOptions.DefaultEndpoint);
    }

    [Fact]
    public async Task SubmitAsync_AnswerPrefixedWithData_IsStillRead()
    {
        _http.On(HttpMethod.Post, SubmitPath, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("data: " + Fixture("submit-accepted.json")) });
        using var generator = Create();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x"));

        Assert.Equal(TaskId, job.Id);
    }

    [Fact]
    public async Task GetJobAsync_PostsTheIdToDrawResult()
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-running.json"));
        using var generator = Create();

        var job = await generator.GetJobAsync(TaskId);

        var sent = Assert.Single(_http.Requests);
        Assert.Equal("https://grsaiapi.com/v1/draw/result", sent.Uri.ToString());
        Assert.Equal("Bearer " + Key, sent.Header("Authorization"));
        Assert.Equal($$"""{"id":"{{TaskId}}"}""", sent.BodyText);
        Assert.Equal(VideoJobStatus.Running, job.Status);
        Assert.Equal(45, job.Progress);
        Assert.Equal("running", job.ProviderStatus);
        Assert.Empty(job.Assets);
        Assert.Null(job.Error);
    }

    [Theory]
    [InlineData("result-running.json", VideoJobStatus.Running, 45, null, null)]
    [InlineData("result-succeeded.json", VideoJobStatus.Succeeded, 100, null, null)]
    [InlineData("result-succeeded-without-url.json", VideoJobStatus.Failed, 100, "no_result", VideoErrorCategory.Unknown)]
    [InlineData("result-failed-input-moderation.json", VideoJobStatus.Failed, 0, "input_moderation", VideoErrorCategory.ContentPolicy)]
    [InlineData("result-failed-output-moderation.json", VideoJobStatus.Failed, 62, "output_moderation", VideoErrorCategory.ContentPolicy)]
    [InlineData("result-failed-error.json", VideoJobStatus.Failed, 30, "error", VideoErrorCategory.Transient)]
    [InlineData("result-unknown-status.json", VideoJobStatus.Queued, 5, null, null)]
    public async Task GetJobAsync_EveryDocumentedShape_MapsToTheRightJob(string fixture, VideoJobStatus status, int progress, string? code, VideoErrorCategory? category)
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture(fixture));
        using var generator = Create();

        var job = await generator.GetJobAsync(TaskId);

        Assert.Equal(status, job.Status);
        Assert.Equal(progress, job.Progress);
        Assert.Equal(code, job.Error?.Code);
        Assert.Equal(category, job.Error?.Category);
        Assert.Equal(category == VideoErrorCategory.Transient, job.Error?.IsRetryable ?? false);
        Assert.IsType<JsonElement>(job.RawRepresentation);
    }

    [Fact]
    public async Task GetJobAsync_Succeeded_ExposesTheUrlPidAndExpiry()
    {
        _http.On(HttpMethod.Post, ResultPath, _ => StubHttpHandler.Json(200, Fixture("result-running.json")), _ => StubHttpHandler.Json(200, Fixture("result-succeeded.json")));
        using var generator = Create();

        await generator.GetJobAsync(TaskId); // seen running: the first success seen is when it finished
        var job = await generator.GetJobAsync(TaskId);

        var asset = Assert.Single(job.Assets);
        Assert.Equal(VideoAssetKind.Video, asset.Kind);
        Assert.Equal(new Uri("https://cdn.grsai.example/videos/f44bcf50.mp4"), asset.Uri);
        Assert.Equal(Pid, asset.ProviderReference);
        Assert.Equal("video/mp4", asset.MediaType);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(2), job.ExpiresAt);
    }

    [Fact]
    public async Task GetJobAsync_SucceededReadAgainLater_KeepsItsExpiryAndThenExpires()
    {
        _http.On(HttpMethod.Post, ResultPath, _ => StubHttpHandler.Json(200, Fixture("result-running.json")), _ => StubHttpHandler.Json(200, Fixture("result-succeeded.json")));
        using var generator = Create(o => o.ResultLifetime = TimeSpan.FromHours(2));
        var firstSeen = _time.GetUtcNow();

        await generator.GetJobAsync(TaskId);
        await generator.GetJobAsync(TaskId);
        _time.Advance(TimeSpan.FromMinutes(90));
        var later = await generator.GetJobAsync(TaskId);
        _time.Advance(TimeSpan.FromMinutes(31));
        var expired = await generator.GetJobAsync(TaskId);

        Assert.Equal(firstSeen + TimeSpan.FromHours(2), later.ExpiresAt);
        Assert.Equal(VideoJobStatus.Succeeded, later.Status);
        Assert.Equal(VideoJobStatus.Expired, expired.Status);
        Assert.True(expired.IsTerminal);
    }

    [Fact]
    public async Task GetJobAsync_UnknownStatusWord_IsLoggedOnceAndKeepsWaiting()
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-unknown-status.json"));
        using var generator = Create();

        await generator.GetJobAsync(TaskId);
        var job = await generator.GetJobAsync(TaskId);

        Assert.False(job.IsTerminal);
        Assert.Equal("queueing", job.ProviderStatus);
        Assert.Single(_logs.Entries, e => e.Contains("undocumented status 'queueing'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("running", VideoJobStatus.Running, true)]
    [InlineData("RUNNING", VideoJobStatus.Running, true)]
    [InlineData("succeeded", VideoJobStatus.Succeeded, true)]
    [InlineData("failed", VideoJobStatus.Failed, true)]
    [InlineData("violation", VideoJobStatus.Queued, false)]
    [InlineData("pending", VideoJobStatus.Queued, false)]
    [InlineData(null, VideoJobStatus.Queued, false)]
    public void MapStatus_EveryWord_MapsAndUnknownWordsStayNonTerminal(string? word, VideoJobStatus status, bool known)
    {
        var mapping = GrsAIJobMapper.MapStatus(word);

        Assert.Equal(status, mapping.Status);
        Assert.Equal(known, mapping.IsKnown);
    }

    [Theory]
    [InlineData("violation", null, VideoErrorCategory.ContentPolicy)]
    [InlineData("", "Sensitive content detected", VideoErrorCategory.ContentPolicy)]
    [InlineData(null, "something odd", VideoErrorCategory.Unknown)]
    public void ToJobError_ReasonOrText_Categorises(string? reason, string? error, VideoErrorCategory category)
    {
        var json = new JsonObject { ["failure_reason"] = reason, ["error"] = error }.ToJsonString();
        var task = JsonSerializer.Deserialize(json, GrsAIJsonContext.Default.GrsAITask)!;

        Assert.Equal(category, GrsAIJobMapper.ToJobError(task).Category);
    }

    [Fact]
    public async Task GetJobAsync_TaskNotFoundRightAfterSubmit_IsQueuedDuringTheGracePeriodThenNotFound()
    {
        AcceptSubmit();
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("error-task-not-found.json"));
        using var generator = Create(o => o.NotFoundGracePeriod = TimeSpan.FromSeconds(30));

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x"));
        _time.Advance(TimeSpan.FromSeconds(20));
        var early = await generator.GetJobAsync(job.Id);
        _time.Advance(TimeSpan.FromSeconds(11));
        var error = await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync(job.Id));

        Assert.Equal(VideoJobStatus.Queued, early.Status);
        Assert.False(early.IsTerminal);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal("-22", error.ProviderErrorCode);
        Assert.Equal("grsai returned HTTP 200 (-22): task not found", error.Message);
    }

    [Fact]
    public async Task GetJobAsync_FirstReadAlreadySucceeded_HasAnUnknownExpiryNotAGuess()
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-succeeded.json"));
        using var generator = Create(); // another process, resuming a job that finished at an unknown time

        var job = await generator.GetJobAsync(TaskId);
        _time.Advance(TimeSpan.FromHours(3));
        var later = await generator.GetJobAsync(TaskId);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Null(job.ExpiresAt);
        Assert.Null(later.ExpiresAt);
        Assert.Equal(VideoJobStatus.Succeeded, later.Status); // not guessed expired either: the download says so if it is gone
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobResumedInAnotherGeneratorRightAfterSubmit_TaskNotFoundIsQueuedWithinTheGracePeriodOfItsCreation()
    {
        AcceptSubmit();
        using var submitter = Create(o => o.NotFoundGracePeriod = TimeSpan.FromSeconds(30));
        var submitted = await submitter.SubmitAsync(new VideoGenerationRequest("x"));
        _http.On(HttpMethod.Post, ResultPath,
            _ => StubHttpHandler.Json(200, Fixture("error-task-not-found.json")),
            _ => StubHttpHandler.Json(200, Fixture("result-running.json")),
            _ => StubHttpHandler.Json(200, Fixture("result-succeeded.json")));
        using var resumer = Create(o => o.NotFoundGracePeriod = TimeSpan.FromSeconds(30)); // another process, with the job's record
        var wait = new VideoWaitOptions { InitialDelay = TimeSpan.FromSeconds(2), MinInterval = TimeSpan.FromSeconds(2), Jitter = 0, MaxConsecutiveFailures = 0 };

        var job = await _time.RunAsync(resumer.WaitForCompletionAsync(submitted, wait), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        Assert.NotNull(submitted.CreatedAt);
        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.NotNull(job.ExpiresAt); // it saw the task running before it succeeded
        Assert.Equal(3, _http.RequestsTo(HttpMethod.Post, ResultPath).Count());
    }

    [Fact]
    public async Task GetJobAsync_TaskNotFoundForATaskSubmittedElsewhere_IsNotFoundAtOnce()
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("error-task-not-found.json"));
        using var generator = Create();

        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync(TaskId));
    }

    [Fact]
    public async Task GetJobAsync_TaskNotFoundAfterTheTaskWasSeen_IsNotFound()
    {
        AcceptSubmit();
        _http.On(HttpMethod.Post, ResultPath, _ => StubHttpHandler.Json(200, Fixture("result-running.json")), _ => StubHttpHandler.Json(200, Fixture("error-task-not-found.json")));
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x"));
        await generator.GetJobAsync(TaskId);

        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync(TaskId));
    }

    [Fact]
    public async Task Wait_TaskNotFoundThenRunningThenSucceeded_Completes()
    {
        AcceptSubmit();
        _http.On(HttpMethod.Post, ResultPath,
            _ => StubHttpHandler.Json(200, Fixture("error-task-not-found.json")),
            _ => StubHttpHandler.Json(200, Fixture("result-running.json")),
            _ => StubHttpHandler.Json(200, Fixture("result-succeeded.json")));
        using var generator = Create();

        // No waits between reads, so the manual clock stays inside the -22 grace period.
        var job = await generator.GenerateAsync(new VideoGenerationRequest("x"), waitOptions: new VideoWaitOptions { InitialDelay = TimeSpan.Zero, MinInterval = TimeSpan.Zero, MaxInterval = TimeSpan.Zero });

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(3, _http.RequestsTo(HttpMethod.Post, ResultPath).Count());
        Assert.Single(_http.RequestsTo(HttpMethod.Post, SubmitPath));
    }

    [Fact]
    public async Task SubmitAsync_401_SaysTheStatusOnce()
    {
        _http.OnJson(HttpMethod.Post, SubmitPath, 401, Fixture("error-401.json"));
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoAuthenticationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x")));

        Assert.Equal("grsai returned HTTP 401: Invalid API key", error.Message);
        Assert.Equal("401", error.ProviderErrorCode);
    }

    public static TheoryData<string, int, string, Type, string?> DocumentedErrors => new()
    {
        { SubmitPath, 200, "error-insufficient-credits.json", typeof(VideoQuotaExceededException), "-1" },
        { ResultPath, 200, "error-insufficient-credits.json", typeof(VideoQuotaExceededException), "-1" },
        { SubmitPath, 200, "error-unknown-code.json", typeof(VideoProviderException), "-4" },
        { ResultPath, 200, "error-unknown-code.json", typeof(VideoProviderException), "-4" },
        { SubmitPath, 401, "error-401.json", typeof(VideoAuthenticationException), "401" },
        { ResultPath, 401, "error-401.json", typeof(VideoAuthenticationException), "401" },
        { SubmitPath, 429, """{"code":429,"msg":"too many requests"}""", typeof(VideoRateLimitException), "429" },
        { ResultPath, 500, "<html>500 Internal Server Error</html>", typeof(VideoProviderException), null },
        { SubmitPath, 500, "<html>500 Internal Server Error</html>", typeof(VideoSubmissionUncertainException), null },
        { SubmitPath, 502, "", typeof(VideoSubmissionUncertainException), null },
        { SubmitPath, 200, """{"code":0,"msg":"success","data":null}""", typeof(VideoSubmissionUncertainException), null },
        { SubmitPath, 200, "{not json", typeof(VideoSubmissionUncertainException), null },
        { SubmitPath, 200, "", typeof(VideoSubmissionUncertainException), null },
        { ResultPath, 200, "[1,2,3]", typeof(VideoProviderException), "invalid_response" },
        { ResultPath, 200, """{"code":0,"data":{"id":"x","results":"not a list"}}""", typeof(VideoProviderException), "invalid_response" },
        { ResultPath, 200, """{"code":"zero"}""", typeof(VideoProviderException), "invalid_response" },
        { ResultPath, 200, "<html>maintenance</html>", typeof(VideoProviderException), "invalid_response" },
    };

    [Theory]
    [MemberData(nameof(DocumentedErrors))]
    public async Task AnyAnswer_BecomesTheRightTypedException(string path, int status, string body, Type expected, string? code)
    {
        var text = body.EndsWith(".json", StringComparison.Ordinal) ? Fixture(body) : body;
        _http.On(HttpMethod.Post, path, _ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, "application/json") });
        using var generator = Create();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => path == SubmitPath ? generator.SubmitAsync(new VideoGenerationRequest("x")) : generator.GetJobAsync(TaskId));

        Assert.IsType(expected, error);
        Assert.Single(_http.Requests);
        if (error is VideoSubmissionUncertainException && status == 200)
        {
            Assert.Equal("invalid_response", Assert.IsType<VideoProviderException>(error.InnerException).ProviderErrorCode); // accepted, but unreadable
        }

        if (error is VideoProviderException provider)
        {
            Assert.Equal(code, provider.ProviderErrorCode);
            Assert.StartsWith($"grsai returned HTTP {status}", provider.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, provider.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SubmitAsync_InsufficientCredits_IsNotRetriedEvenWithRetriesOn()
    {
        _http.OnJson(HttpMethod.Post, SubmitPath, 200, Fixture("error-insufficient-credits.json"));
        using var generator = Create(o => o.MaxRetries = 3);

        var error = await Assert.ThrowsAsync<VideoQuotaExceededException>(() => DriveAsync(generator.SubmitAsync(new VideoGenerationRequest("x"))));

        Assert.Equal("grsai returned HTTP 200 (-1): insufficient credits", error.Message);
        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_RateLimited_IsRetriedAndCreatesOneTask()
    {
        _http.On(HttpMethod.Post, SubmitPath,
            _ => StubHttpHandler.Json(429, """{"code":429,"msg":"too many requests"}""", ("Retry-After", "1")),
            _ => StubHttpHandler.Json(200, Fixture("submit-accepted.json")));
        using var generator = Create(o => o.MaxRetries = 2);

        var job = await DriveAsync(generator.SubmitAsync(new VideoGenerationRequest("x")));

        Assert.Equal(TaskId, job.Id);
        Assert.Equal(2, _http.Requests.Count);
    }

    [Fact]
    public async Task GetJobAsync_Canceled_PropagatesOperationCanceled()
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-running.json"));
        using var generator = Create();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GetJobAsync(TaskId, cancellation.Token));
    }

    [Fact]
    public async Task GetContentAsync_DownloadsFromTheResultUrlWithoutTheKey()
    {
        var bytes = Encoding.ASCII.GetBytes("....ftypisom fake video");
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-succeeded.json"));
        _http.On(HttpMethod.Get, "/videos/f44bcf50.mp4", _ =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("video/mp4");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var generator = Create();
        var job = await generator.GetJobAsync(TaskId);

        using var copy = new MemoryStream();
        await generator.DownloadAsync(job, copy);

        var download = Assert.Single(_http.RequestsTo(HttpMethod.Get, "/videos/f44bcf50.mp4"));
        Assert.Equal("cdn.grsai.example", download.Uri.Host);
        Assert.Null(download.Header("Authorization"));
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task GetContentAsync_JobWithoutUrl_IsReadFirst()
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-succeeded.json"));
        _http.On(HttpMethod.Get, "/videos/f44bcf50.mp4", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) });
        using var generator = Create();

        await using var content = await generator.GetContentAsync(new VideoJob { Id = TaskId, Provider = "grsai", Status = VideoJobStatus.Succeeded });

        Assert.Equal(3, content.Length);
        Assert.Single(_http.RequestsTo(HttpMethod.Post, ResultPath));
    }

    [Fact]
    public async Task GetContentAsync_ExpiredUrl_SaysResultsAreKeptTwoHours()
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-succeeded.json"));
        _http.On(HttpMethod.Get, "/videos/f44bcf50.mp4", _ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<Error><Code>NoSuchKey</Code></Error>", Encoding.UTF8, "application/xml") });
        using var generator = Create();
        var job = await generator.GetJobAsync(TaskId);

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.GetContentAsync(job));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("result_expired", error.ProviderErrorCode);
        Assert.Contains("2 hours", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VideoAssetKind.Thumbnail)]
    [InlineData(VideoAssetKind.Spritesheet)]
    public async Task GetContentAsync_OtherAssetKinds_AreNotSupported(VideoAssetKind kind)
    {
        using var generator = Create();

        await Assert.ThrowsAsync<NotSupportedException>(() => generator.GetContentAsync(new VideoJob { Id = TaskId, Provider = "grsai", Status = VideoJobStatus.Succeeded }, kind));
    }

    [Fact]
    public async Task GetJobAsync_NoProgressReported_EstimatesFromElapsedTimeAndSaysSo()
    {
        AcceptSubmit();
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-running.json").Replace("\"progress\":45", "\"progress\":0", StringComparison.Ordinal));
        using var generator = Create(o => o.TypicalGenerationTime = TimeSpan.FromMinutes(2));
        await generator.SubmitAsync(new VideoGenerationRequest("x"));

        _time.Advance(TimeSpan.FromSeconds(30));
        var quarter = await generator.GetJobAsync(TaskId);
        _time.Advance(TimeSpan.FromSeconds(60));
        var threeQuarters = await generator.GetJobAsync(TaskId);
        _time.Advance(TimeSpan.FromMinutes(10));
        var late = await generator.GetJobAsync(TaskId);

        Assert.Equal((25, true), (quarter.Progress, quarter.IsProgressEstimated));
        Assert.Equal(75, threeQuarters.Progress);
        Assert.Equal(95, late.Progress); // never 100 before GrsAI says it is done
    }

    [Fact]
    public async Task GetJobAsync_ProgressReported_IsNotAnEstimate()
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-running.json"));
        using var generator = Create();

        var job = await generator.GetJobAsync(TaskId);

        Assert.Equal((45, false), (job.Progress, job.IsProgressEstimated));
    }

    [Fact]
    public async Task GetJobAsync_EstimateTurnedOff_KeepsTheGatewaysZero()
    {
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-running.json").Replace("\"progress\":45", "\"progress\":0", StringComparison.Ordinal));
        using var generator = Create(o => o.TypicalGenerationTime = TimeSpan.Zero);

        var job = await generator.GetJobAsync(TaskId);

        Assert.Equal((0, false), (job.Progress, job.IsProgressEstimated));
    }

    [Fact]
    public async Task ParseCallback_StringSpanAndStream_GiveTheSameJob()
    {
        using var generator = Create();
        var body = Fixture("callback-running.json");

        var fromSpan = generator.ParseCallback(Encoding.UTF8.GetBytes(body));
        var fromString = generator.ParseCallback(body);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        var fromStream = await generator.ParseCallbackAsync(stream);

        Assert.Equal((fromSpan.Id, fromSpan.Status, fromSpan.Progress), (fromString.Id, fromString.Status, fromString.Progress));
        Assert.Equal((fromSpan.Id, fromSpan.Status, fromSpan.Progress), (fromStream.Id, fromStream.Status, fromStream.Progress));
    }

    [Theory]
    [InlineData("callback-running.json", VideoJobStatus.Running, 30)]
    [InlineData("callback-succeeded.json", VideoJobStatus.Succeeded, 100)]
    [InlineData("callback-failed.json", VideoJobStatus.Failed, 50)]
    public void ParseCallback_BareTaskObject_BecomesTheJob(string fixture, VideoJobStatus status, int progress)
    {
        using var generator = Create();

        var job = generator.ParseCallback(Encoding.UTF8.GetBytes(Fixture(fixture)));

        Assert.Equal(TaskId, job.Id);
        Assert.Equal("grsai", job.Provider);
        Assert.Equal(status, job.Status);
        Assert.Equal(progress, job.Progress);
        Assert.Equal(status == VideoJobStatus.Succeeded ? Pid : null, job.Assets.SingleOrDefault()?.ProviderReference);
        Assert.Equal(status == VideoJobStatus.Failed ? VideoErrorCategory.ContentPolicy : null, job.Error?.Category);
    }

    [Theory]
    [InlineData("data: ")]
    [InlineData("data:")]
    [InlineData("\n")]
    public void ParseCallback_PrefixedOrEnveloped_IsReadToo(string prefix)
    {
        using var generator = Create();

        var bare = generator.ParseCallback(Encoding.UTF8.GetBytes(prefix + Fixture("callback-succeeded.json")));
        var wrapped = generator.ParseCallback(Encoding.UTF8.GetBytes(prefix + Fixture("result-succeeded.json")));

        Assert.Equal(VideoJobStatus.Succeeded, bare.Status);
        Assert.Equal(VideoJobStatus.Succeeded, wrapped.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"status":"running"}""")]
    [InlineData("""{"id":42,"status":"running"}""")]
    public void ParseCallback_NotATask_ThrowsFormatException_AsEveryCallbackParser(string body)
    {
        using var generator = Create();

        Assert.Throws<FormatException>(() => generator.ParseCallback(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void ParseCallback_ErrorEnvelope_ThrowsFormatExceptionCarryingItsTypedException()
    {
        using var generator = Create();

        var error = Assert.Throws<FormatException>(() => generator.ParseCallback(Encoding.UTF8.GetBytes(Fixture("error-insufficient-credits.json"))));

        Assert.IsType<VideoQuotaExceededException>(error.InnerException);
    }

    [Fact]
    public void GetService_ExposesMetadataClockFeaturesAndAdapter()
    {
        using var generator = Create(o => { o.ProviderName = "grsai-cn"; o.Endpoint = GrsAIEndpoints.Mainland; o.DeliveryMode = VideoDeliveryMode.Streaming; });

        var metadata = generator.GetRequiredService<VideoGeneratorMetadata>();
        Assert.Equal("grsai-cn", metadata.ProviderName);
        Assert.Equal(new Uri("https://grsai.dakka.com.cn/"), metadata.Endpoint);
        Assert.Equal("sora-2", metadata.DefaultModel);
        Assert.Equal([VideoDeliveryMode.Polling, VideoDeliveryMode.Streaming, VideoDeliveryMode.Webhook], metadata.DeliveryModes);
        Assert.Equal(VideoDeliveryMode.Streaming, metadata.DefaultDeliveryMode);
        var model = metadata.FindModel("sora-2")!;
        Assert.Equal([10, 15], model.Durations);
        Assert.Equal(["9:16/small", "9:16/large", "16:9/small", "16:9/large"], model.Sizes.Select(s => s.Name));
        Assert.True(model.SupportsCallbacks && model.SupportsRemix && model.SupportsImageInput);
        Assert.Equal(0.08m, model.PricePerClip);
        Assert.Same(_time, generator.GetService<TimeProvider>());
        Assert.Same(generator, generator.GetService<GrsAIVideoGenerator>());
        Assert.Same(generator, generator.GetService<IVideoCharacterClient>());
        Assert.Same(generator, generator.GetService<IVideoStreamingGenerator>());
        Assert.Null(generator.GetService<string>());
        Assert.Null(generator.GetService(typeof(VideoGeneratorMetadata), "key"));
    }

    [Fact]
    public void EstimateCost_IsEightCentsPerClipWhateverTheLength()
    {
        using var generator = Create();

        var estimate = generator.EstimateCost(new VideoGenerationRequest("x") { DurationSeconds = 15, Resolution = VideoResolution.High });

        Assert.Equal(0.08m, estimate!.Amount);
        Assert.Equal("USD", estimate.Currency);
        Assert.Equal(0.01m, GrsAIModels.CharacterPrice);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowNamingEverySetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new GrsAIVideoGenerator(_http.CreateClient(), new GrsAIOptions
        {
            DeliveryMode = VideoDeliveryMode.Webhook,
            NotFoundGracePeriod = TimeSpan.FromSeconds(-1),
            StreamIdleTimeout = TimeSpan.Zero,
            ResultLifetime = TimeSpan.Zero,
            CharacterTimeout = TimeSpan.Zero,
        }));

        foreach (var setting in new[] { "GrsAIOptions.ApiKey", "DeliveryMode Webhook", "NotFoundGracePeriod", "StreamIdleTimeout", "ResultLifetime", "CharacterTimeout" })
        {
            Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ModelOverride_FromOptions_IsUsed()
    {
        AcceptSubmit();
        using var generator = Create(o => o.Models.Add(GrsAIModels.Sora2 with { Durations = [10, 15, 25] }));

        await generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = 25 });

        Assert.Equal(25, JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!["duration"]!.GetValue<int>());
    }

    [Fact]
    public void WireSize_SizeWithoutSlash_IsDerivedFromShapeAndTier()
    {
        Assert.Equal(("16:9", "large"), GrsAIRequestBody.WireSize(new VideoSizeOption("wide-hd", VideoAspectRatio.Landscape, VideoResolution.High)));
        Assert.Equal(("9:16", "small"), GrsAIRequestBody.WireSize(new VideoSizeOption("tall", VideoAspectRatio.Portrait, VideoResolution.Standard)));
    }
}
