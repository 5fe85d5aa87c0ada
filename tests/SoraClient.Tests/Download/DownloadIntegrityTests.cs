using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SoraClient.Download;
using SoraClient.Http;
using SoraClient.Providers.GrsAI;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Tests.Support.AssetServer;

namespace SoraClient.Tests.Download;

/// <summary>
/// Issue 13, item 7: never a wrong file under the final name. A download succeeds only when its end is known, resumes
/// only under a matching validator, refuses error documents, and is bounded in time and size.
/// </summary>
public sealed class DownloadIntegrityTests : IDisposable
{
    private const string ContentPath = "/v1/videos/video_123/content";
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_limit = TimeSpan.FromHours(2);
    private readonly ManualTimeProvider _time = new();
    private readonly StubHttpHandler _handler = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("sora-download-").FullName;

    public void Dispose()
    {
        _handler.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private ProviderHttpSender Sender(Action<TestProviderOptions>? configure = null)
    {
        var options = new TestProviderOptions();
        configure?.Invoke(options);
        return Senders.Create(_handler, _time, options);
    }

    private void Serve(params Func<HttpRequestMessage, HttpResponseMessage>[] responses) => _handler.On(HttpMethod.Get, ContentPath, responses);

    private TestVideoGenerator Generator(ProviderHttpSender sender) => new()
    {
        TimeProvider = _time,
        GetContentAsyncCallback = (_, _, ct) => sender.OpenContentAsync(Senders.Get(ContentPath), ct),
    };

    private static Func<byte[], int, ScriptedStream> Body(int? failAt = null, int? stallAt = null, int? endAt = null) =>
        (data, offset) => new ScriptedStream(data, offset) { FailAt = failAt, StallAt = stallAt, EndAt = endAt };

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task DownloadToFileAsync_NoLengthAndTheConnectionClosesHalfway_FailsAndLeavesNoFile()
    {
        var asset = Asset(100_000);
        Serve(Whole(asset, Body(endAt: 50_000), contentLength: null)); // close-delimited: a clean close looks like the end
        using var generator = Generator(Sender());

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(generator.DownloadToFileAsync(Jobs.Succeeded(), PathOf("v.mp4")), s_step, s_limit));

        Assert.Equal("download_length_unknown", ex.ProviderErrorCode);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task DownloadAsync_NoLengthButChunked_ReadToTheTerminator()
    {
        var asset = Asset(100_000);
        Serve(Whole(asset, contentLength: null, chunked: true));
        using var generator = Generator(Sender());
        using var received = new MemoryStream();

        await _time.RunAsync(generator.DownloadAsync(Jobs.Succeeded(), received), s_step, s_limit);

        Assert.Equal(asset, received.ToArray());
    }

    [Fact]
    public async Task DownloadToFileAsync_DropWithoutValidator_RestartsFromZeroInsteadOfSplicing()
    {
        var asset = Asset(100_000);
        var other = Asset(130_000).Reverse().ToArray(); // another asset: a 206 from it must never be spliced in
        Serve(
            Whole(asset, Body(failAt: 40_000), etag: null),
            request => request.Headers.Range is null ? Whole(asset, etag: null)(request) : Ranged(other, etag: null)(request));
        using var generator = Generator(Sender());

        var path = await _time.RunAsync(generator.DownloadToFileAsync(Jobs.Succeeded(), PathOf("v.mp4")), s_step, s_limit);

        Assert.Equal(asset, await File.ReadAllBytesAsync(path));
        Assert.All(_handler.Requests, r => Assert.Null(r.Header("Range")));
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_ResumedAnswerFromAnotherAsset_ContentChangedNotSpliced()
    {
        var asset = Asset(100_000);
        var other = Asset(100_000).Reverse().ToArray();
        Serve(Whole(asset, Body(failAt: 40_000)), Ranged(other, etag: "\"v2\"")); // a server that ignores If-Range

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(ReadAllAsync(Sender()), s_step, s_limit));

        Assert.Equal("content_changed", ex.ProviderErrorCode);
    }

    [Fact]
    public async Task ReadAsync_ResumedAnswerWithAnotherLastModified_ContentChanged()
    {
        var asset = Asset(100_000);
        var first = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        Serve(Whole(asset, Body(failAt: 40_000), etag: null, lastModified: first), Ranged(asset, etag: null, lastModified: first.AddHours(1)));

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(ReadAllAsync(Sender()), s_step, s_limit));

        Assert.Equal("content_changed", ex.ProviderErrorCode);
    }

    [Theory]
    [InlineData("application/json", """{"error":{"code":"insufficient_quota","message":"no credits left","kind":"Quota"}}""", typeof(VideoQuotaExceededException))]
    [InlineData("application/json", """{"message":"nope"}""", typeof(VideoProviderException))]
    [InlineData("text/html", "<html><body>Access denied</body></html>", typeof(VideoProviderException))]
    [InlineData("text/plain", "quota exceeded", typeof(VideoProviderException))]
    public async Task DownloadToFileAsync_SuccessStatusWithAnErrorDocument_TypedErrorAndNoFile(string mediaType, string body, Type expected)
    {
        Serve(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
        using var generator = Generator(Sender());

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => _time.RunAsync(generator.DownloadToFileAsync(Jobs.Succeeded(), PathOf("v.mp4")), s_step, s_limit));

        Assert.IsType(expected, ex);
        Assert.Empty(Directory.GetFiles(_folder));
        Assert.Equal(Jobs.Id, ex.JobId);
    }

    [Fact]
    public async Task GrsAI_QuotaErrorBodyFromTheResultLink_IsAQuotaErrorNotAVideo()
    {
        var http = new StubHttpHandler().On(HttpMethod.Get, "/results/v.mp4",
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"code":-1,"msg":"insufficient credits"}""", Encoding.UTF8, "application/json") });
        using var generator = new GrsAIVideoGenerator(http.CreateClient(), new GrsAIOptions { ApiKey = "sk-grsai-1234567890", MaxRetries = 0 }, _time);
        var job = Jobs.Succeeded() with { Assets = [new VideoAsset(VideoAssetKind.Video) { Uri = new Uri("https://grsaiapi.com/results/v.mp4") }] };

        await Assert.ThrowsAsync<VideoQuotaExceededException>(() => generator.DownloadToFileAsync(job, PathOf("v.mp4")));

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task ReadAsync_BodyThatNeverEnds_StopsAtMaxDownloadBytes()
    {
        Serve(_ => Endless(chunked: true));

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(ReadAllAsync(Sender(o => o.MaxDownloadBytes = 1_000_000)), s_step, s_limit));

        Assert.Equal("download_too_large", ex.ProviderErrorCode);
    }

    [Fact]
    public async Task OpenContentAsync_AnnouncedLengthAboveMaxDownloadBytes_RefusedBeforeReading()
    {
        Serve(Whole(Asset(2_000)));

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => Sender(o => o.MaxDownloadBytes = 1_000).OpenContentAsync(Senders.Get(ContentPath), CancellationToken.None));

        Assert.Equal("download_too_large", ex.ProviderErrorCode);
    }

    [Fact]
    public async Task ReadAsync_TrickleThatNeverEnds_StopsAtDownloadTimeout()
    {
        Serve(_ => Endless(chunked: true, pause: TimeSpan.FromSeconds(1)));
        var started = _time.GetUtcNow();

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(ReadAllAsync(Sender(o => o.DownloadTimeout = TimeSpan.FromMinutes(1))), s_step, s_limit));

        Assert.Equal("download_timeout", ex.ProviderErrorCode);
        Assert.True(_time.GetUtcNow() - started >= TimeSpan.FromMinutes(1)); // not before the limit (the manual clock may run on a little after it)
    }

    [Fact]
    public async Task ReadAsync_RangeIgnoredThenStallWhileSkipping_IdleTimeoutResumesAgain()
    {
        var asset = Asset(100_000);
        Serve(Whole(asset, Body(failAt: 40_000)), Whole(asset, Body(stallAt: 10_000)), Ranged(asset));

        var bytes = await _time.RunAsync(ReadAllAsync(Sender(o => o.DownloadIdleTimeout = TimeSpan.FromSeconds(30))), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(60, 0)]
    [InlineData(60, -5)]
    public void Options_DownloadTimeoutOrMaxDownloadBytesNotPositive_Refused(int timeoutSeconds, long maxBytes)
    {
        var options = new GrsAIOptions { ApiKey = "sk-grsai-1234567890", DownloadTimeout = TimeSpan.FromSeconds(timeoutSeconds), MaxDownloadBytes = maxBytes };

        var ex = Assert.Throws<ArgumentException>(() => new GrsAIVideoGenerator(new HttpClient(), options));

        Assert.Contains(timeoutSeconds <= 0 ? "DownloadTimeout" : "MaxDownloadBytes", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> ReadAllAsync(ProviderHttpSender sender)
    {
        using var content = await sender.OpenContentAsync(Senders.Get(ContentPath), CancellationToken.None).Guarded();
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    private HttpResponseMessage Endless(bool chunked, TimeSpan? pause = null)
    {
        var content = new StreamContent(new EndlessStream(_time, pause));
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        response.Headers.TransferEncodingChunked = chunked;
        response.Headers.ETag = EntityTagHeaderValue.Parse(ETag);
        return response;
    }

    /// <summary>A body that never ends: 16 KiB per read, optionally after a pause on the manual clock.</summary>
    private sealed class EndlessStream(TimeProvider time, TimeSpan? pause) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (pause is { } wait)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            var count = Math.Min(buffer.Length, 16 * 1024);
            buffer.Span[..count].Fill(7);
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
