using SoraClient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoraClient.ContractTests.Harness;
using SoraClient.Providers.OpenAI;
using WireMock.Matchers;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.OpenAI;

/// <summary>Downloads over the wire: a body cut mid-way is resumed with <c>Range</c> (and <c>If-Range</c>) and arrives intact.</summary>
public sealed class DownloadContractTests : OpenAIContractTest
{
    private const int Size = 400 * 1024;

    [Theory]
    [InlineData("\"v1\"")]
    [InlineData("\"9f2c-5e1b\"")]
    public async Task A_download_cut_twice_is_resumed_with_Range_and_the_bytes_are_identical(string etag)
    {
        var video = RandomBytes(Size, seed: 5);
        WireMock.GivenInterruptedDownload(ContentPath, video, [100_000, 250_000], "video/mp4", etag);
        using var generator = CreateGenerator();
        var received = new MemoryStream();

        var total = await generator.DownloadAsync(await CompletedJobAsync(generator), received, cancellationToken: Guard);

        Assert.Equal(Size, total);
        Assert.Equal(video, received.ToArray());
        var requests = WireMock.Requests("GET", ContentPath);
        Assert.Equal([null, "bytes=100000-", "bytes=250000-"], requests.Select(r => r.Header("Range")));
        Assert.Equal([null, etag, etag], requests.Select(r => r.Header("If-Range")));
        Assert.All(requests, r => Assert.Equal("variant=video", r.RawQuery()));
        Assert.All(requests, r => Assert.Equal("Bearer " + ApiKey, r.Header("Authorization")));
        Assert.Empty(Clock.NonZeroWaits); // a resume that makes progress does not back off
        WireMock.AssertNoUnmatchedRequests();
    }

    [Fact]
    public async Task A_download_cut_without_ETag_or_Last_Modified_is_started_again_from_zero_never_resumed_with_an_unverifiable_Range()
    {
        var video = RandomBytes(Size, seed: 5);
        WireMock.GivenInterruptedDownload(ContentPath, video, [100_000], "video/mp4", etag: null);
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.DownloadAsync(CompletedJob(), new MemoryStream(), cancellationToken: Guard));

        Assert.Equal("download_not_resumable", error.ProviderErrorCode);
        Assert.True(error.IsTransient); // starting again from zero may work
        Assert.Contains("no ETag or Last-Modified", error.Message, StringComparison.Ordinal);
        var requests = WireMock.Requests("GET", ContentPath);
        Assert.Equal(4, requests.Count); // the first try and three restarts from zero (the destination can be rewound)
        Assert.All(requests, r => Assert.Null(r.Header("Range")));
    }

    [Fact]
    public async Task GetContentAsync_streams_a_cut_download_and_reports_the_full_length()
    {
        var video = RandomBytes(Size, seed: 6);
        WireMock.GivenInterruptedDownload(ContentPath, video, [Size / 2], "video/mp4", "\"abc\"");
        using var generator = CreateGenerator();

        await using var content = await generator.GetContentAsync(await CompletedJobAsync(generator), VideoAssetKind.Video, Guard);
        var received = new MemoryStream();
        await content.Content.CopyToAsync(received, Guard);

        Assert.Equal("video/mp4", content.MediaType);
        Assert.Equal(Size, content.Length);
        Assert.Equal(video, received.ToArray());
    }

    [Fact]
    public async Task A_server_that_ignores_Range_after_a_cut_is_read_again_from_the_start_and_the_bytes_are_identical()
    {
        var video = RandomBytes(Size, seed: 7);
        const int Cut = 150_000;
        WireMock.Given(On("GET", ContentPath).WithoutHeader("Range"))
            .RespondWith(Bytes(200, video.AsSpan(0, Cut), "video/mp4").WithBodyCutShort(Size).WithHeader("ETag", "\"same\"")); // promises more than it sends
        WireMock.Given(On("GET", ContentPath).WithHeader("Range", "*"))
            .RespondWith(Bytes(200, video, "video/mp4").WithHeader("ETag", "\"same\""));
        using var generator = CreateGenerator();
        var received = new MemoryStream();

        await generator.DownloadAsync(await CompletedJobAsync(generator), received, cancellationToken: Guard);

        Assert.Equal(video, received.ToArray());
        Assert.Equal([null, $"bytes={Cut}-"], WireMock.Requests("GET", ContentPath).Select(r => r.Header("Range")));
    }

    [Fact]
    public async Task A_server_that_sends_another_asset_after_a_cut_is_an_error_not_a_spliced_file()
    {
        var video = RandomBytes(Size, seed: 9);
        var other = RandomBytes(Size, seed: 10);
        StubCutThen(video, cut: 150_000, etag: "\"v1\"", resumeStatus: 200, resumeBody: other, resumeEtag: "\"v2\"", contentRange: null);
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.DownloadAsync(CompletedJob(), new MemoryStream(), cancellationToken: Guard));

        Assert.Equal("content_changed", error.ProviderErrorCode);
        Assert.Equal("\"v1\"", WireMock.Requests("GET", ContentPath)[^1].Header("If-Range"));
    }

    [Theory]
    [InlineData("bytes 0-409599/409600", "invalid_range")] // the whole asset again, labelled as a part
    [InlineData("bytes 150001-409599/409600", "invalid_range")] // a byte too far
    [InlineData("bytes 150000-500000/500001", "content_changed")] // another asset
    public async Task A_206_that_does_not_go_on_where_the_download_stopped_is_an_error_not_a_spliced_stream(string contentRange, string code)
    {
        var video = RandomBytes(Size, seed: 12);
        StubCutThen(video, cut: 150_000, etag: "\"v1\"", resumeStatus: 206, resumeBody: video, resumeEtag: "\"v1\"", contentRange);
        using var generator = CreateGenerator();

        await using var content = await generator.GetContentAsync(CompletedJob(), VideoAssetKind.Video, Guard);
        var received = new MemoryStream();
        var error = await Assert.ThrowsAsync<VideoProviderException>(() => content.Content.CopyToAsync(received, Guard));

        Assert.Equal(code, error.ProviderErrorCode);
        Assert.Equal(150_000, received.Length); // only the bytes that are known to be right
        Assert.Equal(video[..150_000], received.ToArray());
    }

    public static TheoryData<OpenAIAuthentication, string> RedirectClients() => new()
    {
        { OpenAIAuthentication.Bearer, "handler following redirects" },
        { OpenAIAuthentication.Bearer, "handler not following redirects" },
        { OpenAIAuthentication.ApiKeyHeader, "handler not following redirects" },
        { OpenAIAuthentication.Bearer, "dependency injection" },
        { OpenAIAuthentication.ApiKeyHeader, "dependency injection" },
    };

    [Theory]
    [MemberData(nameof(RedirectClients))]
    public async Task A_redirect_to_another_host_is_followed_without_the_key(OpenAIAuthentication authentication, string client)
    {
        // the gateway is 127.0.0.1:P; "localhost:P" is another origin served by the same WireMock
        var video = RandomBytes(50_000, seed: 13);
        var cdn = WireMock.OtherHostUrl("/cdn/video.mp4?sig=abc");
        WireMock.Given(On("GET", ContentPath)).RespondWith(Status(302).WithHeader("Location", cdn.AbsoluteUri));
        WireMock.Given(On("GET", "/cdn/video.mp4")).RespondWith(Bytes(200, video, "video/mp4"));
        using var generator = client switch
        {
            "dependency injection" => BuildWithDependencyInjection(authentication),
            "handler not following redirects" => CreateGenerator(o => o.Authentication = authentication, CreateHttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })),
            _ => CreateGenerator(o => o.Authentication = authentication),
        };
        var received = new MemoryStream();

        await generator.DownloadAsync(CompletedJob(), received, cancellationToken: Guard);

        Assert.Equal(video, received.ToArray());
        var gateway = Assert.Single(WireMock.Requests("GET", ContentPath));
        Assert.Equal(ApiKey, authentication == OpenAIAuthentication.Bearer ? gateway.Header("Authorization")?.Replace("Bearer ", "", StringComparison.Ordinal) : gateway.Header("api-key"));
        var other = Assert.Single(WireMock.Requests("GET", "/cdn/video.mp4"));
        Assert.StartsWith("localhost:", other.Header("Host"), StringComparison.Ordinal);
        Assert.Equal("sig=abc", other.RawQuery());
        Assert.Null(other.Header("Authorization"));
        Assert.Null(other.Header("api-key"));
        Assert.DoesNotContain(other.Headers!, h => h.Value.Any(v => v.Contains(ApiKey, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_redirect_back_to_the_gateway_keeps_the_key_and_the_resume_headers()
    {
        var video = RandomBytes(Size, seed: 14);
        const string Moved = $"/v1/videos/{JobId}/content-moved";
        WireMock.Given(On("GET", ContentPath)).RespondWith(Status(307).WithHeader("Location", Moved + "?variant=video"));
        WireMock.GivenInterruptedDownload(Moved, video, [123_456], "video/mp4", "\"r1\"");
        using var generator = CreateGenerator(o => o.Authentication = OpenAIAuthentication.ApiKeyHeader, CreateHttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }));
        var received = new MemoryStream();

        await generator.DownloadAsync(CompletedJob(), received, cancellationToken: Guard);

        Assert.Equal(video, received.ToArray());
        var moved = WireMock.Requests("GET", Moved);
        Assert.Equal([null, "bytes=123456-"], moved.Select(r => r.Header("Range")));
        Assert.Equal([null, "\"r1\""], moved.Select(r => r.Header("If-Range")));
        Assert.All(moved, r => Assert.Equal(ApiKey, r.Header("api-key")));
        Assert.Equal(2, WireMock.Count("GET", ContentPath)); // each attempt starts at the gateway's address
    }

    private OpenAIVideoGenerator BuildWithDependencyInjection(OpenAIAuthentication authentication)
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(Clock.Time).AddSingleton<ILoggerFactory>(Logs);
        services.AddSoraClient().AddOpenAI(ProviderName, o =>
        {
            o.Endpoint = WireMock.Url("v1");
            o.ApiKey = ApiKey;
            o.Authentication = authentication;
            o.RequestTimeout = FastForwardClock.LongTimeout;
            o.DownloadIdleTimeout = FastForwardClock.LongTimeout;
        });
        var provider = services.BuildServiceProvider();
        RegisterForDisposal(provider);
        return provider.GetRequiredKeyedService<IVideoGenerator>(ProviderName).GetRequiredService<OpenAIVideoGenerator>();
    }

    [Fact]
    public async Task A_download_that_stalls_is_resumed_with_Range_when_the_idle_timeout_fires()
    {
        // the chunked dribble sends the headers with the first half of the body after 0.6 s, and the second half
        // 0.6 s later: as soon as the first half is in, the test lets the idle timeout pass on the test clock
        var video = RandomBytes(200_000, seed: 15);
        const int Half = 100_000;
        WireMock.Given(On("GET", ContentPath).WithoutHeader("Range"))
            .RespondWith(Bytes(200, video, "video/mp4").WithHeader("ETag", "\"s1\"").WithChunkedDribbleDelay(2, TimeSpan.FromMilliseconds(1200)));
        WireMock.Given(On("GET", ContentPath).WithHeader("Range", new ExactMatcher($"bytes={Half}-")))
            .RespondWith(Bytes(206, video.AsSpan(Half), "video/mp4").WithHeader("ETag", "\"s1\"").WithHeader("Content-Range", $"bytes {Half}-{video.Length - 1}/{video.Length}"));
        using var generator = CreateGenerator();
        var received = new MemoryStream();
        var firstHalf = new ProgressThreshold(Half);

        var download = generator.DownloadAsync(CompletedJob(), received, firstHalf, cancellationToken: Guard);
        await firstHalf.Reached.WaitAsync(Guard);
        Clock.Time.Advance(FastForwardClock.LongTimeout); // DownloadIdleTimeout passes without a byte
        await download;

        Assert.Equal(video, received.ToArray());
        Assert.Equal([null, $"bytes={Half}-"], WireMock.Requests("GET", ContentPath).Select(r => r.Header("Range")));
        Assert.Contains(Logs.Entries, e => e.Contains("resuming", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_download_to_a_file_that_cannot_be_resumed_fails_and_leaves_no_file()
    {
        var video = RandomBytes(Size, seed: 16);
        StubCutThen(video, cut: 100_000, etag: "\"v1\"", resumeStatus: 416, resumeBody: [], resumeEtag: "\"v1\"", contentRange: $"bytes */{Size}");
        using var generator = CreateGenerator();
        var folder = Directory.CreateTempSubdirectory("soraclient-contract-");
        try
        {
            var error = await Assert.ThrowsAsync<VideoProviderException>(() =>
                generator.DownloadToFileAsync(CompletedJob(), Path.Combine(folder.FullName, "video.mp4"), cancellationToken: Guard));

            Assert.Equal(416, error.StatusCode);
            Assert.Empty(folder.GetFiles());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_thumbnail_is_fetched_with_its_variant()
    {
        var image = RandomBytes(3000, seed: 8);
        WireMock.Given(On("GET", ContentPath).WithParam("variant", "thumbnail")).RespondWith(Bytes(200, image, "image/webp"));
        using var generator = CreateGenerator();
        var received = new MemoryStream();

        await generator.DownloadAsync(await CompletedJobAsync(generator), received, kind: VideoAssetKind.Thumbnail, cancellationToken: Guard);

        Assert.Equal(image, received.ToArray());
        Assert.Equal("image/webp, */*; q=0.8", Assert.Single(WireMock.Requests("GET", ContentPath)).Header("Accept"));
    }

    private async Task<VideoJob> CompletedJobAsync(Providers.OpenAI.OpenAIVideoGenerator generator)
    {
        WireMock.Given(On("GET", JobPath)).RespondWith(Json(200, VideoJson("completed", 100)));
        var job = await generator.GetJobAsync(JobId, Guard);
        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        return job;
    }

    private static VideoJob CompletedJob() => new() { Id = JobId, Provider = ProviderName, Status = VideoJobStatus.Succeeded };

    /// <summary>The first answer is cut after <paramref name="cut"/> bytes; the answer to any <c>Range</c> is as given.</summary>
    private void StubCutThen(byte[] video, int cut, string? etag, int resumeStatus, byte[] resumeBody, string? resumeEtag, string? contentRange)
    {
        var first = Bytes(200, video.AsSpan(0, cut), "video/mp4").WithBodyCutShort(video.Length); // promises more than it sends
        var resume = Bytes(resumeStatus, resumeBody, "video/mp4");
        if (etag is not null)
        {
            first.WithHeader("ETag", etag);
        }

        if (resumeEtag is not null)
        {
            resume.WithHeader("ETag", resumeEtag);
        }

        if (contentRange is not null)
        {
            resume.WithHeader("Content-Range", contentRange);
        }

        WireMock.Given(On("GET", ContentPath).WithoutHeader("Range")).RespondWith(first);
        WireMock.Given(On("GET", ContentPath).WithHeader("Range", "*")).RespondWith(resume);
    }

    /// <summary>Signals once the download has written at least <c>bytes</c> bytes.</summary>
    private sealed class ProgressThreshold(long bytes) : IProgress<long>
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

#pragma warning disable VSTHRD003 // a TaskCompletionSource that runs its continuations asynchronously
        public Task Reached => _reached.Task;
#pragma warning restore VSTHRD003

        public void Report(long value)
        {
            if (value >= bytes)
            {
                _reached.TrySetResult();
            }
        }
    }
}
