using SoraClient.Testing;
using System.Globalization;
using System.Text.Json.Nodes;
using SoraClient.ContractTests.Harness;
using WireMock.Matchers;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.AceData;

/// <summary>AceData Cloud over the wire: the exact create body, the task lifecycle, retries, batch reads, envelopes in HTTP 200, downloads.</summary>
public sealed class AceDataContractTests : AceDataContractTest
{
    private const string Prompt = "A calico cat playing a piano on stage";

    [Fact]
    public async Task GenerateAsync_Version2_CreatesOnceWithTheExactBodyWaitsThroughTheLifecycleAndDownloadsFromTheCdnWithoutTheKey()
    {
        var video = Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 7)).ToArray();
        var link = CdnUrl("/cdn/sora/" + TaskId + ".mp4");
        WireMock.Given(On("POST", VideosPath)
                .WithHeader("Authorization", new ExactMatcher("Bearer " + ApiKey))
                .WithBody(new JsonMatcher($$"""{"model":"sora-2","prompt":"{{Prompt}}","version":"2.0","duration":8,"size":"720x1280","image_urls":["https://cdn.example.test/first-frame.png"],"async":true}""")))
            .RespondWith(Json(200, $$"""{"task_id":"{{TaskId}}"}"""));
        WireMock.GivenSequence("acedata-job", Tasks("retrieve_batch"),
            Json(200, Batch(TaskJson(TaskId, state: null))),
            Json(200, Batch(TaskJson(TaskId, "pending"))),
            Json(200, Batch(TaskJson(TaskId, "succeeded", link))));
        WireMock.Given(On("GET", link.AbsolutePath)).RespondWith(Bytes(200, video, "video/mp4").WithHeader("Accept-Ranges", "bytes"));
        using var generator = CreateGenerator();

        var job = await generator.GenerateAsync(new VideoGenerationRequest(Prompt)
        {
            AspectRatio = VideoAspectRatio.Portrait,
            DurationSeconds = 8,
            ReferenceImage = VideoInput.FromUri(new Uri("https://cdn.example.test/first-frame.png")),
        }, cancellationToken: Guard);
        using var copy = new MemoryStream();
        await generator.DownloadAsync(job, copy, cancellationToken: Guard);

        Assert.Equal((TaskId, VideoJobStatus.Succeeded), (job.Id, job.Status));
        Assert.Equal(link, job.Assets.Single().Uri);
        Assert.Equal(video, copy.ToArray());
        var requests = WireMock.Requests();
        Assert.Equal([$"POST {VideosPath}", $"POST {TasksPath}", $"POST {TasksPath}", $"POST {TasksPath}", $"GET {link.AbsolutePath}"], requests.Select(r => $"{r.Method} {r.RawPath()}"));
        Assert.All(requests.Skip(1).Take(3), r => JsonAssert.Equal($$"""{"ids":["{{TaskId}}"],"action":"retrieve_batch"}""", r.BodyText()));
        Assert.All(requests.Take(4), r => Assert.Equal("Bearer " + ApiKey, r.Header("Authorization")));
        Assert.Null(requests[^1].Header("Authorization")); // the key never goes to another host
        WireMock.AssertNoUnmatchedRequests();
    }

    [Fact]
    public async Task SubmitAsync_CallbackUri_SendsCallbackUrlInsteadOfAsync()
    {
        WireMock.Given(On("POST", VideosPath)
                .WithBody(new JsonMatcher("""{"model":"sora-2","prompt":"x","version":"1.0","duration":15,"size":"large","orientation":"landscape","callback_url":"https://app.example.test/hooks/acedata?token=abc"}""")))
            .RespondWith(Json(200, $$"""{"task_id":"{{TaskId}}"}"""));
        using var generator = CreateGenerator();

        var job = await generator.SubmitAsync(new VideoGenerationRequest("x")
        {
            DurationSeconds = 15,
            AspectRatio = VideoAspectRatio.Landscape,
            Resolution = VideoResolution.High,
            CallbackUri = new Uri("https://app.example.test/hooks/acedata?token=abc"),
        }, cancellationToken: Guard);

        Assert.Equal("1.0", job.Effective!.ProviderSettings["version"]);
        WireMock.AssertNoUnmatchedRequests();
    }

    [Fact]
    public async Task GetJobAsync_429ThenSuccess_WaitsWhatTheGatewayAskedAndReadsTheTask()
    {
        WireMock.GivenSequence("throttled", Tasks("retrieve"),
            Json(429, ErrorJson("too_many_requests", "Too many requests, you have exceeded the rate limit.")).WithHeader("Retry-After", "3"),
            Json(200, TaskJson(TaskId, "pending").ToJsonString()));
        using var generator = CreateGenerator();

        var job = await generator.GetJobAsync(TaskId, Guard);

        Assert.Equal((VideoJobStatus.Running, "pending"), (job.Status, job.ProviderStatus));
        Assert.Contains(TimeSpan.FromSeconds(3), Clock.Waits);
        var requests = WireMock.Requests("POST", TasksPath);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => JsonAssert.Equal($$"""{"id":"{{TaskId}}","action":"retrieve"}""", r.BodyText()));
    }

    [Fact]
    public async Task WaitForCompletionAsync_FiftyJobs_ReadsThemAllWithOneRetrieveBatchRequest()
    {
        var ids = Enumerable.Range(0, 50).Select(i => $"7e3d3c5e-4a1d-4e8b-8b68-{i.ToString("D12", CultureInfo.InvariantCulture)}").ToList();
        WireMock.Given(Tasks("retrieve_batch")).RespondWith(Json(200, Batch([.. ids.Select(id => TaskJson(id, "succeeded", CdnUrl($"/cdn/{id}.mp4")))])));
        var time = new Testing.ManualTimeProvider(); // moved by hand: every wait registers its first read before any time passes
        using var generator = CreateGenerator(time: time);
        var submitted = ids.Select(id => new VideoJob { Id = id, Provider = "acedata", Status = VideoJobStatus.Queued }).ToList();

        var waits = submitted.Select(j => generator.WaitForCompletionAsync(j, cancellationToken: Guard)).ToList(); // first reads due after 5 s ± 10 %
        time.Advance(TimeSpan.FromSeconds(6));
        var jobs = await System.Threading.Tasks.Task.WhenAll(waits);

        Assert.All(jobs, j => Assert.Equal(VideoJobStatus.Succeeded, j.Status));
        var request = Assert.Single(WireMock.Requests("POST", TasksPath));
        var body = request.BodyJson()!;
        Assert.Equal("retrieve_batch", body["action"]!.GetValue<string>());
        Assert.Equal(ids.Order(StringComparer.Ordinal), body["ids"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        WireMock.AssertNoUnmatchedRequests();
    }

    [Fact]
    public async Task WaitForCompletionAsync_TaskFailed_ThrowsWithTheCategorisedError()
    {
        WireMock.Given(Tasks("retrieve_batch")).RespondWith(Json(200,
            Batch(TaskJson(TaskId, state: null, error: new JsonObject { ["code"] = "content_policy_violation", ["message"] = "The prompt was flagged by content moderation." }))));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoJobFailedException>(() => generator.WaitForCompletionAsync(
            new VideoJob { Id = TaskId, Provider = "acedata", Status = VideoJobStatus.Queued }, cancellationToken: Guard));

        Assert.Equal(VideoErrorCategory.ContentPolicy, error.Job!.Error!.Category);
    }

    [Theory]
    [InlineData(200, "used_up", typeof(VideoQuotaExceededException))]
    [InlineData(403, "used_up", typeof(VideoQuotaExceededException))]
    [InlineData(401, "invalid_token", typeof(VideoAuthenticationException))]
    [InlineData(400, "bad_request", typeof(VideoProviderException))]
    [InlineData(500, "api_error", typeof(VideoSubmissionUncertainException))]
    public async Task SubmitAsync_ErrorEnvelope_IsTypedNeverRetriedAndCarriesTheTraceId(int status, string code, Type expected)
    {
        WireMock.Given(On("POST", VideosPath)).RespondWith(Json(status, ErrorJson(code, "refused")));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAnyAsync<VideoGenerationException>(() => generator.SubmitAsync(new VideoGenerationRequest("x"), cancellationToken: Guard));

        Assert.IsType(expected, error);
        Assert.Equal(1, WireMock.Count("POST", VideosPath));
        if (error is VideoProviderException provider)
        {
            Assert.Equal((status, code, TraceId), (provider.StatusCode, provider.ProviderErrorCode, provider.RequestId));
            Assert.DoesNotContain(ApiKey, provider.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SubmitAsync_ConnectionResetAfterSending_IsUncertainAndNotRetried()
    {
        WireMock.Given(On("POST", VideosPath)).RespondWith(Json(200, $$"""{"task_id":"{{TaskId}}"}""").WithNetworkFault(NetworkFault.ConnectionResetByPeer));
        using var generator = CreateGenerator();

        await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.SubmitAsync(new VideoGenerationRequest("x"), cancellationToken: Guard));

        Assert.Equal(1, WireMock.Count("POST", VideosPath));
    }

    [Fact]
    public async Task DownloadAsync_LinkCutMidway_ResumesWithRangeFromTheCdn()
    {
        var video = Enumerable.Range(0, 200_000).Select(i => (byte)(i % 251)).ToArray();
        var link = CdnUrl("/cdn/cut.mp4");
        WireMock.GivenInterruptedDownload(link.AbsolutePath, video, [80_000], "video/mp4", "\"v1\"");
        using var generator = CreateGenerator();
        var job = new VideoJob { Id = TaskId, Provider = "acedata", Status = VideoJobStatus.Succeeded, Assets = [new VideoAsset(VideoAssetKind.Video) { Uri = link }] };

        using var copy = new MemoryStream();
        await generator.DownloadAsync(job, copy, cancellationToken: Guard);

        Assert.Equal(video, copy.ToArray());
        Assert.Equal([null, "bytes=80000-"], WireMock.Requests("GET", link.AbsolutePath).Select(r => r.Header("Range")));
    }

    private static string Batch(params JsonObject[] tasks) =>
        new JsonObject { ["items"] = new JsonArray([.. tasks]), ["count"] = tasks.Length }.ToJsonString();
}
