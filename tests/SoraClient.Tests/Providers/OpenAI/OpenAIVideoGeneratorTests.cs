using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SoraClient.Providers.OpenAI;
using SoraClient.Providers.OpenAI.Internal;
using SoraClient.Testing;

namespace SoraClient.Tests.Providers.OpenAI;

public sealed class OpenAIVideoGeneratorTests
{
    private const string Key = "sk-test-1234567890abcdef";
    private readonly StubHttpHandler _http = new();
    private readonly ManualTimeProvider _time = new();
    private readonly TestLoggerProvider _logs = new();

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "OpenAI", name));

    private OpenAIVideoGenerator Create(Action<OpenAIOptions>? configure = null)
    {
        var options = new OpenAIOptions { ApiKey = Key, Endpoint = new Uri("https://api.example.test/v1"), ProviderName = "apiyi", MaxRetries = 0 };
        configure?.Invoke(options);
        return new OpenAIVideoGenerator(_http.CreateClient(), options, _time, _logs);
    }

    private StubHttpHandler AcceptCreate() => _http.OnJson(HttpMethod.Post, "/v1/videos", 200, Fixture("video-queued.json"));

    [Fact]
    public async Task SubmitAsync_404WithoutAnOpenAIBody_IsAConfigurationErrorNamingThePath()
    {
        _http.On(HttpMethod.Post, "/v1/videos", _ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<html>Not Found</html>") });
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.SubmitAsync(new VideoGenerationRequest("x")));

        Assert.IsNotType<VideoJobNotFoundException>(error);
        Assert.Equal("apiyi returned HTTP 404: HTTP 404 without an OpenAI error body; nothing answers at /v1/videos: check the Endpoint option (for example a missing /v1)", error.Message);
    }

    [Fact]
    public async Task GetJobAsync_404WithoutAnOpenAIBody_StaysNotFoundAndNamesThePath()
    {
        _http.On(HttpMethod.Get, "/v1/videos/video_1", _ => new HttpResponseMessage(HttpStatusCode.NotFound));
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync("video_1"));

        Assert.EndsWith("nothing answers at /v1/videos/video_1: check the Endpoint option (for example a missing /v1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListJobsAsync_404WithoutAnOpenAIBody_NamesThePathWithoutTheQuery()
    {
        _http.On(HttpMethod.Get, "/v1/videos", _ => new HttpResponseMessage(HttpStatusCode.NotFound));
        using var generator = Create();

        var error = await Assert.ThrowsAnyAsync<VideoProviderException>(async () =>
        {
            await foreach (var job in generator.ListJobsAsync())
            {
                Assert.Fail($"listed {job.Id}");
            }
        });

        Assert.EndsWith("nothing answers at /v1/videos: check the Endpoint option (for example a missing /v1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit=", Assert.Single(_http.Requests).Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_TextToVideo_SendsExactJsonBody()
    {
        AcceptCreate();
        using var generator = Create();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("A calico cat playing a piano on stage")
        {
            DurationSeconds = 8,
            AspectRatio = VideoAspectRatio.Landscape,
        });

        var sent = Assert.Single(_http.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://api.example.test/v1/videos", sent.Uri.ToString());
        Assert.Equal("Bearer " + Key, sent.Header("Authorization"));
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        JsonAssert.Equal("""{"prompt":"A calico cat playing a piano on stage","model":"sora-2","seconds":"8","size":"1280x720"}""", sent.BodyText);
        Assert.Equal("video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5", job.Id);
        Assert.Equal("apiyi", job.Provider);
        Assert.Equal(VideoJobStatus.Queued, job.Status);
        Assert.Equal(new VideoGenerationSettings { Model = "sora-2", DurationSeconds = 8, Size = "1280x720", AspectRatio = VideoAspectRatio.Landscape, Resolution = VideoResolution.Standard }.Size, job.Effective!.Size);
        Assert.Equal("apiyi:" + job.Id, job.Reference.ToString());
    }

    [Fact]
    public async Task SubmitAsync_NoSettings_UsesModelDefaults()
    {
        AcceptCreate();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("x"));

        JsonAssert.Equal("""{"prompt":"x","model":"sora-2","seconds":"4","size":"720x1280"}""", Assert.Single(_http.Requests).BodyText);
    }

    [Fact]
    public async Task SubmitAsync_UriReferenceCharactersAndExtras_SendsThemAsJson()
    {
        AcceptCreate();
        using var generator = Create();

        await generator.SubmitAsync(new VideoGenerationRequest("Hero walks in")
        {
            Model = "sora-2-pro",
            Size = "1920x1080",
            DurationSeconds = 12,
            ReferenceImage = VideoInput.FromUri(new Uri("https://cdn.example.test/first-frame.png")),
            Characters = ["char_1", "char_2"],
            AdditionalProperties = { ["quality"] = "high", ["seconds"] = "12" },
        });

        JsonAssert.Equal(
            """{"prompt":"Hero walks in","model":"sora-2-pro","seconds":"12","size":"1920x1080","input_reference":{"image_url":"https://cdn.example.test/first-frame.png"},"characters":[{"id":"char_1"},{"id":"char_2"}],"quality":"high"}""",
            Assert.Single(_http.Requests).BodyText);
    }

    [Fact]
    public async Task SubmitAsync_ImageBytesWithoutSize_SendsMultipartWithTheImagesSize()
    {
        AcceptCreate();
        using var generator = Create();
        var png = TestImages.Png(1280, 720);

        var job = await generator.SubmitAsync(new VideoGenerationRequest("Animate this") { ReferenceImage = VideoInput.FromBytes(png, "image/png"), Characters = ["char_9"] });

        var sent = Assert.Single(_http.Requests);
        Assert.StartsWith("multipart/form-data", sent.ContentType, StringComparison.Ordinal);
        var parts = sent.MultipartParts();
        Assert.Equal(["prompt", "model", "seconds", "size", "characters[0][id]", "input_reference"], parts.Select(p => p.Name));
        Assert.Equal(["Animate this", "sora-2", "4", "1280x720", "char_9"], parts.Take(5).Select(p => p.Text));
        var file = parts[^1];
        Assert.Equal("input.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(png, file.Data);
        Assert.Equal("1280x720", job.Effective!.Size);
    }

    [Fact]
    public async Task SubmitAsync_ImageFile_IsReadAndUploaded()
    {
        AcceptCreate();
        using var generator = Create();
        var path = Path.Combine(Path.GetTempPath(), $"soraclient-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, TestImages.Png(720, 1280));
        try
        {
            await generator.SubmitAsync(new VideoGenerationRequest("x") { ReferenceImage = VideoInput.FromFile(path) });
        }
        finally
        {
            File.Delete(path);
        }

        var file = Assert.Single(_http.Requests).MultipartParts().Single(p => p.Name == "input_reference");
        Assert.Equal(Path.GetFileName(path), file.FileName);
        Assert.Equal("image/png", file.ContentType);
    }

    [Fact]
    public async Task SubmitAsync_ImageOfNoAllowedSize_ThrowsBeforeSendingAndNamesSizes()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { ReferenceImage = VideoInput.FromBytes(TestImages.Png(1000, 1000), "image/png") }));

        Assert.Empty(_http.Requests);
        Assert.Equal("ReferenceImage", error.ParamName);
        Assert.Contains("1000x1000", error.Message, StringComparison.Ordinal);
        Assert.Contains("720x1280, 1280x720", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    public async Task SubmitAsync_ImageDoesNotMatchAskedSize_ThrowsBeforeSending(string format)
    {
        using var generator = Create();
        var (bytes, type) = format switch
        {
            "png" => (TestImages.Png(1280, 720), "image/png"),
            "jpeg" => (TestImages.JpegHeader(1280, 720), "image/jpeg"),
            _ => (TestImages.WebpHeader(1280, 720), "image/webp"),
        };

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { Size = "720x1280", ReferenceImage = VideoInput.FromBytes(bytes, type) }));

        Assert.Empty(_http.Requests);
        Assert.Contains("1280x720", error.Message, StringComparison.Ordinal);
        Assert.Contains("720x1280", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_DataUriImageOfWrongSize_ThrowsBeforeSending()
    {
        using var generator = Create();
        var dataUri = new Uri("data:image/png;base64," + Convert.ToBase64String(TestImages.Png(640, 480)));

        await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { ReferenceImage = VideoInput.FromUri(dataUri) }));
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_NotAnImage_ThrowsBeforeSending()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { ReferenceImage = VideoInput.FromBytes("GIF89a..."u8.ToArray(), "image/gif") }));

        Assert.Contains("PNG, JPEG or WebP", error.Message, StringComparison.Ordinal);
        Assert.Empty(_http.Requests);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5)]
    [InlineData(15)]
    public async Task SubmitAsync_UnsupportedDurationStrict_ThrowsNamingAllowedValues(int seconds)
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = seconds }));

        Assert.Empty(_http.Requests);
        Assert.Equal("DurationSeconds", error.ParamName);
        Assert.Contains("Allowed: 4, 8, 12 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(["4", "8", "12"], error.AllowedValues);
    }

    [Fact]
    public async Task SubmitAsync_UnsupportedDurationNearest_SnapsAndRecordsIt()
    {
        AcceptCreate();
        using var generator = Create();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x") { DurationSeconds = 10, Resolution = VideoResolution.FullHd },
            new VideoGenerationOptions { Normalization = VideoNormalization.Nearest });

        JsonAssert.Equal("""{"prompt":"x","model":"sora-2","seconds":"8","size":"720x1280"}""", Assert.Single(_http.Requests).BodyText);
        Assert.Equal(["duration 10 s -> 8 s", "resolution FullHd -> Standard"], job.Effective!.Adjustments);
    }

    [Fact]
    public async Task SubmitAsync_SizeOnlyOnPro_StrictThrowsForSora2AndWorksForPro()
    {
        AcceptCreate();
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { Size = "1792x1024" }));
        Assert.Contains("Allowed: 720x1280, 1280x720", error.Message, StringComparison.Ordinal);

        await generator.SubmitAsync(new VideoGenerationRequest("x") { Model = "sora-2-pro", AspectRatio = VideoAspectRatio.Portrait, Resolution = VideoResolution.FullHd });
        JsonAssert.Equal("""{"prompt":"x","model":"sora-2-pro","seconds":"4","size":"1080x1920"}""", Assert.Single(_http.Requests).BodyText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task SubmitAsync_EmptyPrompt_ThrowsBeforeSending(string prompt)
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest(prompt)));

        Assert.Equal("Prompt", error.ParamName);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_UnknownModel_ThrowsNamingKnownModels()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x") { Model = "veo-3" }));

        Assert.Contains("sora-2, sora-2-pro", error.Message, StringComparison.Ordinal);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task SubmitAsync_CallbackUri_IsRefusedBecauseTheProtocolHasNoPerRequestCallbacks()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => generator.SubmitAsync(
            new VideoGenerationRequest("x") { CallbackUri = new Uri("https://example.test/hook") }));

        Assert.Equal("CallbackUri", error.ParamName);
    }

    [Fact]
    public async Task SubmitAsync_RemixOf_PostsPromptToRemixEndpoint()
    {
        _http.OnJson(HttpMethod.Post, "/v1/videos/video_src/remix", 200, Fixture("video-queued.json"));
        using var generator = Create();

        await generator.RemixAsync("video_src", "Make it night");

        var sent = Assert.Single(_http.Requests);
        JsonAssert.Equal("""{"prompt":"Make it night"}""", sent.BodyText);
    }

    [Fact]
    public void Constructor_MissingApiKey_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new OpenAIVideoGenerator(_http.CreateClient(), new OpenAIOptions()));

        Assert.Contains("OpenAIOptions.ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("video-queued.json", VideoJobStatus.Queued, 0)]
    [InlineData("video-in-progress.json", VideoJobStatus.Running, 45)]
    [InlineData("video-completed.json", VideoJobStatus.Succeeded, 100)]
    [InlineData("video-failed-moderation.json", VideoJobStatus.Failed, 0)]
    [InlineData("video-completed-expired.json", VideoJobStatus.Expired, 100)]
    [InlineData("video-submitted-legacy.json", VideoJobStatus.Queued, 0)]
    public async Task GetJobAsync_DocumentedShapes_MapToNeutralStatus(string fixture, VideoJobStatus status, int progress)
    {
        _http.OnJson(HttpMethod.Get, "/v1/videos/video_123", 200, Fixture(fixture));
        using var generator = Create();

        var job = await generator.GetJobAsync("video_123");

        Assert.Equal(status, job.Status);
        Assert.Equal(progress, job.Progress);
        Assert.Equal(status is VideoJobStatus.Succeeded, job.Assets.Count == 3);
    }

    [Fact]
    public async Task GetJobAsync_Completed_FillsTimesAssetsAndReportedSettings()
    {
        _http.OnJson(HttpMethod.Get, "/v1/videos/video_123", 200, Fixture("video-completed.json"), ("x-request-id", "req_1"));
        using var generator = Create();

        var job = await generator.GetJobAsync("video_123");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1758941785), job.CompletedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(4102444800), job.ExpiresAt);
        Assert.Equal([VideoAssetKind.Video, VideoAssetKind.Thumbnail, VideoAssetKind.Spritesheet], job.Assets.Select(a => a.Kind));
        Assert.Equal("sora-2-pro", job.Model);
        Assert.Equal(12, job.Effective!.DurationSeconds);
        Assert.Equal(VideoResolution.High, job.Effective.Resolution);
        Assert.Equal(VideoAspectRatio.Landscape, job.Effective.AspectRatio);
        Assert.Equal("completed", job.ProviderStatus);
    }

    [Theory]
    [InlineData("video-failed-moderation.json", VideoErrorCategory.ContentPolicy, "moderation_blocked", false)]
    [InlineData("video-failed-server.json", VideoErrorCategory.Transient, "internal_error", true)]
    public async Task GetJobAsync_Failed_CarriesCategorisedError(string fixture, VideoErrorCategory category, string code, bool retryable)
    {
        _http.OnJson(HttpMethod.Get, "/v1/videos/video_123", 200, Fixture(fixture));
        using var generator = Create();

        var job = await generator.GetJobAsync("video_123");

        Assert.Equal(category, job.Error!.Category);
        Assert.Equal(code, job.Error.Code);
        Assert.Equal(retryable, job.Error.IsRetryable);
    }

    [Theory]
    [InlineData("queued", VideoJobStatus.Queued, true)]
    [InlineData("in_progress", VideoJobStatus.Running, true)]
    [InlineData("completed", VideoJobStatus.Succeeded, true)]
    [InlineData("failed", VideoJobStatus.Failed, true)]
    [InlineData("canceled", VideoJobStatus.Canceled, true)]
    [InlineData("cancelled", VideoJobStatus.Canceled, true)]
    [InlineData("expired", VideoJobStatus.Expired, true)]
    [InlineData("submitted", VideoJobStatus.Queued, false)]
    [InlineData("rendering", VideoJobStatus.Queued, false)]
    [InlineData(null, VideoJobStatus.Queued, false)]
    public void MapStatus_EveryWord_MapsAndUnknownWordsStayNonTerminal(string? word, VideoJobStatus status, bool known)
    {
        var mapping = OpenAIJobMapper.MapStatus(word);

        Assert.Equal(status, mapping.Status);
        Assert.Equal(known, mapping.IsKnown);
    }

    [Fact]
    public async Task GetJobAsync_UnknownStatusWord_IsLoggedOnce()
    {
        _http.OnJson(HttpMethod.Get, "/v1/videos/video_123", 200, Fixture("video-submitted-legacy.json"));
        using var generator = Create();

        await generator.GetJobAsync("video_123");
        await generator.GetJobAsync("video_123");

        Assert.Single(_logs.Entries, e => e.Contains("undocumented status 'submitted'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetJobAsync_PollAfterHeader_BecomesPollAfter()
    {
        _http.OnJson(HttpMethod.Get, "/v1/videos/video_123", 200, Fixture("video-in-progress.json"), ("openai-poll-after-ms", "2500"));
        using var generator = Create();

        var job = await generator.GetJobAsync("video_123");

        Assert.Equal(TimeSpan.FromMilliseconds(2500), job.PollAfter);
    }

    public static TheoryData<int, string, Type, string?> DocumentedErrors => new()
    {
        { 400, "error-400-seconds.json", typeof(VideoProviderException), "invalid_value" },
        { 400, "error-400-reference-size.json", typeof(VideoProviderException), "invalid_request_error" },
        { 401, "error-401.json", typeof(VideoAuthenticationException), "invalid_api_key" },
        { 403, "error-403-policy.json", typeof(VideoContentPolicyException), "content_policy_violation" },
        { 429, "error-429-rate.json", typeof(VideoRateLimitException), "rate_limit_exceeded" },
        { 429, "error-429-balance.json", typeof(VideoQuotaExceededException), "insufficient_user_quota" },
        { 500, "error-500.json", typeof(VideoSubmissionUncertainException), null },
    };

    [Theory]
    [MemberData(nameof(DocumentedErrors))]
    public async Task SubmitAsync_DocumentedError_BecomesTypedException(int status, string fixture, Type expected, string? code)
    {
        _http.OnJson(HttpMethod.Post, "/v1/videos", status, Fixture(fixture), ("x-request-id", "req_42"));
        using var generator = Create();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => generator.SubmitAsync(new VideoGenerationRequest("x")));

        Assert.IsType(expected, error);
        Assert.Single(_http.Requests);
        if (error is VideoProviderException provider)
        {
            Assert.Equal(status, provider.StatusCode);
            Assert.Equal(code, provider.ProviderErrorCode);
            Assert.Equal("req_42", provider.RequestId);
            Assert.StartsWith($"apiyi returned HTTP {status} ({code}): ", provider.Message, StringComparison.Ordinal);
            Assert.EndsWith("[request id req_42]", provider.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SubmitAsync_InsufficientBalance_IsNotRetriedEvenWithRetriesOn()
    {
        _http.OnJson(HttpMethod.Post, "/v1/videos", 429, Fixture("error-429-balance.json"));
        var clock = new FastForwardClock(); // a wrongly retried request must fail the test, not hang it
        using var generator = new OpenAIVideoGenerator(_http.CreateClient(),
            new OpenAIOptions { ApiKey = Key, Endpoint = new Uri("https://api.example.test/v1"), MaxRetries = 3, RequestTimeout = FastForwardClock.LongTimeout }, clock.Time);

        await Assert.ThrowsAsync<VideoQuotaExceededException>(() => generator.SubmitAsync(new VideoGenerationRequest("x")));
        Assert.Empty(clock.NonZeroWaits);

        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task GetJobAsync_UnknownJob_ThrowsNotFound()
    {
        _http.OnJson(HttpMethod.Get, "/v1/videos/video_missing", 404, Fixture("error-404.json"));
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync("video_missing"));

        Assert.Equal(404, error.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{\"object\":\"video\"}")]
    [InlineData("<html>502 Bad Gateway</html>")]
    public async Task GetJobAsync_MalformedBody_ThrowsTypedInvalidResponse(string body)
    {
        _http.On(HttpMethod.Get, "/v1/videos/video_123", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.GetJobAsync("video_123"));

        Assert.Equal("invalid_response", error.ProviderErrorCode);
    }

    [Fact]
    public async Task GetJobAsync_Canceled_PropagatesOperationCanceled()
    {
        _http.OnJson(HttpMethod.Get, "/v1/videos/video_123", 200, Fixture("video-queued.json"));
        using var generator = Create();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GetJobAsync("video_123", cancellation.Token));
    }

    [Theory]
    [InlineData(VideoAssetKind.Video, "video", "video/mp4")]
    [InlineData(VideoAssetKind.Thumbnail, "thumbnail", "image/webp")]
    [InlineData(VideoAssetKind.Spritesheet, "spritesheet", "image/jpeg")]
    public async Task GetContentAsync_Variant_RequestsContentWithVariant(VideoAssetKind kind, string variant, string mediaType)
    {
        var bytes = Encoding.ASCII.GetBytes("....ftypisom fake media");
        _http.On(HttpMethod.Get, "/v1/videos/video_123/content", _ =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new(mediaType);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var generator = Create();
        var job = new VideoJob { Id = "video_123", Provider = "apiyi", Status = VideoJobStatus.Succeeded };

        await using var content = await generator.GetContentAsync(job, kind);
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy);

        var sent = Assert.Single(_http.Requests);
        Assert.Equal($"?variant={variant}", sent.Uri.Query);
        Assert.Equal($"{mediaType}, */*; q=0.8", sent.Header("Accept"));
        Assert.Equal(mediaType, content.MediaType);
        Assert.Equal(bytes.Length, content.Length);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task ListJobsAsync_TwoPages_FollowsCursor()
    {
        _http.On(HttpMethod.Get, "/v1/videos",
            _ => StubHttpHandler.Json(200, Fixture("list-page1.json")),
            _ => StubHttpHandler.Json(200, Fixture("list-page2.json")));
        using var generator = Create();

        var jobs = new List<VideoJob>();
        await foreach (var job in generator.ListJobsAsync(pageSize: 2))
        {
            jobs.Add(job);
        }

        Assert.Equal(["video_3", "video_2", "video_1"], jobs.Select(j => j.Id));
        Assert.Equal([VideoJobStatus.Succeeded, VideoJobStatus.Running, VideoJobStatus.Failed], jobs.Select(j => j.Status));
        Assert.Equal(["?limit=2&order=desc", "?limit=2&order=desc&after=video_2"], _http.Requests.Select(r => r.Uri.Query));
    }

    [Fact]
    public async Task DeleteJobAsync_SendsDeleteAndReadsConfirmation()
    {
        _http.OnJson(HttpMethod.Delete, "/v1/videos/video_123", 200, Fixture("deleted.json"));
        using var generator = Create();

        Assert.True(await generator.DeleteJobAsync("video_123"));
        Assert.Equal(HttpMethod.Delete, Assert.Single(_http.Requests).Method);
    }

    [Fact]
    public async Task AzureEndpoint_UsesApiKeyHeaderAndDeploymentName()
    {
        _http.OnJson(HttpMethod.Post, "/openai/v1/videos", 200, Fixture("video-queued.json"));
        using var generator = Create(o =>
        {
            o.Endpoint = new Uri("https://my-resource.openai.azure.com/openai/v1");
            o.DefaultModel = "my-sora-deployment";
            o.Models.Add(OpenAIModels.Sora2.WithModel("my-sora-deployment"));
        });

        await generator.SubmitAsync(new VideoGenerationRequest("x"));

        var sent = Assert.Single(_http.Requests);
        Assert.Equal(Key, sent.Header("api-key"));
        Assert.Null(sent.Header("Authorization"));
        Assert.Equal("my-sora-deployment", JsonNode.Parse(sent.BodyText)!["model"]!.GetValue<string>());
    }

    [Fact]
    public void GetService_ExposesMetadataClockAndAdapter()
    {
        using var generator = Create();

        var metadata = generator.GetService<VideoGeneratorMetadata>()!;
        Assert.Equal("apiyi", metadata.ProviderName);
        Assert.Equal(new Uri("https://api.example.test/v1"), metadata.Endpoint);
        Assert.Equal("sora-2", metadata.DefaultModel);
        Assert.Equal([VideoDeliveryMode.Polling], metadata.DeliveryModes);
        Assert.Equal(0.70m, metadata.FindModel("sora-2-pro")!.FindSize("1920x1080")!.PricePerSecond);
        Assert.Same(_time, generator.GetService<TimeProvider>());
        Assert.Same(generator, generator.GetService<OpenAIVideoGenerator>());
        Assert.Null(generator.GetService<string>());
    }

    [Fact]
    public void EstimateCost_UsesPerSizePrices()
    {
        using var generator = Create();

        var estimate = generator.EstimateCost(new VideoGenerationRequest("x") { Model = "sora-2-pro", Size = "1920x1080", DurationSeconds = 12 });

        Assert.Equal(8.40m, estimate!.Amount);
        Assert.Equal("USD", estimate.Currency);
    }

    [Fact]
    public void EstimateCost_FollowsTheGeneratorsNormalization()
    {
        using var generator = Create(o => o.Normalization = VideoNormalization.Nearest);

        var estimate = generator.EstimateCost(new VideoGenerationRequest("x") { DurationSeconds = 10 });

        Assert.Equal(8, estimate!.Settings.DurationSeconds);
        Assert.Equal(0.80m, estimate.Amount);
    }
}
