using SoraClient.Download;
using SoraClient.Http;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Tests.Support.AssetServer;

namespace SoraClient.Tests.Download;

/// <summary>Opening an asset through the sender and reading it across drops, stalls and short bodies.</summary>
public sealed class ResumableDownloadStreamTests : IDisposable
{
    private const string ContentPath = "/v1/videos/video_123/content";
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_limit = TimeSpan.FromHours(1);
    private readonly ManualTimeProvider _time = new();
    private readonly StubHttpHandler _handler = new();
    private readonly TestLoggerProvider _logs = new();

    public void Dispose()
    {
        _handler.Dispose();
        _logs.Dispose();
    }

    private ProviderHttpSender Sender(VideoProviderOptions? options = null) => Senders.Create(_handler, _time, options, logger: _logs.CreateLogger("test"));

    private void Serve(params Func<HttpRequestMessage, HttpResponseMessage>[] responses) => _handler.On(HttpMethod.Get, ContentPath, responses);

    private async Task<byte[]> ReadAllAsync(ProviderHttpSender? sender = null, CancellationToken cancellationToken = default)
    {
        using var content = await (sender ?? Sender()).OpenContentAsync(Senders.Get(ContentPath), cancellationToken).Guarded();
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    private static Func<byte[], int, ScriptedStream> Body(int? failAt = null, int? stallAt = null, int? endAt = null) =>
        (data, offset) => new ScriptedStream(data, offset) { FailAt = failAt, StallAt = stallAt, EndAt = endAt };

    [Fact]
    public async Task ReadAsync_ConnectionDropsMidway_ResumesFromThatByteWithIdenticalResult()
    {
        var asset = Asset(300_000);
        Serve(Whole(asset, Body(failAt: 123_457)), Ranged(asset));

        var bytes = await _time.RunAsync(ReadAllAsync(), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Equal(2, _handler.Requests.Count);
        Assert.Null(_handler.Requests[0].Header("Range"));
        Assert.Equal("bytes=123457-", _handler.Requests[1].Header("Range"));
        Assert.Equal(ETag, _handler.Requests[1].Header("If-Range"));
        Assert.All(_handler.Requests, r => Assert.Equal($"Bearer {TestProviderOptions.Key}", r.Header("Authorization")));
        Assert.Contains(_logs.Entries, e => e.Contains("download interrupted at byte 123457", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_SeveralDrops_EachResumedFromItsOwnPosition()
    {
        var asset = Asset(200_000);
        Serve(Whole(asset, Body(failAt: 50_000)), Ranged(asset, Body(failAt: 120_000)), Ranged(asset, Body(failAt: 190_000)), Ranged(asset));

        var bytes = await _time.RunAsync(ReadAllAsync(), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Equal([null, "bytes=50000-", "bytes=120000-", "bytes=190000-"], _handler.Requests.Select(r => r.Header("Range")), StringComparer.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_WeakETagOnly_IsNoValidatorSoNoResume()
    {
        var asset = Asset(50_000);
        Serve(Whole(asset, Body(failAt: 10_000), etag: "W/\"v1\""), Ranged(asset, etag: "W/\"v1\""));

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(ReadAllAsync(), s_step, s_limit));

        Assert.Equal("download_not_resumable", ex.ProviderErrorCode);
        Assert.Single(_handler.Requests); // If-Range needs a strong validator: without one, bytes from a resumed answer could belong to another asset
    }

    [Fact]
    public async Task ReadAsync_LastModifiedOnly_ResumesWithIfRangeDate()
    {
        var asset = Asset(50_000);
        var modified = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        Serve(Whole(asset, Body(failAt: 10_000), etag: null, lastModified: modified), Ranged(asset, etag: null, lastModified: modified));

        Assert.Equal(asset, await _time.RunAsync(ReadAllAsync(), s_step, s_limit));
        Assert.Equal("bytes=10000-", _handler.Requests[1].Header("Range"));
        Assert.Equal(modified, DateTimeOffset.Parse(_handler.Requests[1].Header("If-Range")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ReadAsync_ServerIgnoresRange_SkipsBytesAlreadyRead()
    {
        var asset = Asset(100_000);
        Serve(Whole(asset, Body(failAt: 40_000)), Whole(asset));

        var bytes = await _time.RunAsync(ReadAllAsync(), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Equal("bytes=40000-", _handler.Requests[1].Header("Range"));
    }

    [Fact]
    public async Task ReadAsync_DropWithoutValidator_NotResumable()
    {
        var asset = Asset(100_000);
        Serve(Whole(asset, Body(failAt: 40_000), etag: null), Whole(asset, etag: null));

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(ReadAllAsync(), s_step, s_limit));

        Assert.Equal("download_not_resumable", ex.ProviderErrorCode);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task ReadAsync_AssetChangedWhileDownloading_FailsClearly()
    {
        var asset = Asset(100_000);
        Serve(Whole(asset, Body(failAt: 40_000)), Whole(Asset(100_000), etag: "\"v2\""));

        var ex = await _time.RunAsync(ReadAllAsync(), s_step, s_limit).ThrowsAnyAsync<VideoProviderException>();

        Assert.Equal("content_changed", ex.ProviderErrorCode);
        Assert.Equal(200, ex.StatusCode);
        Assert.Contains("asset changed while it was being downloaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_StallLongerThanIdleTimeout_Reconnects()
    {
        var asset = Asset(100_000);
        var handler = new AsyncHttpHandler(_time,
            (r, _) => Task.FromResult(Whole(asset, Body(stallAt: 30_000))(r)),
            (r, _) => Task.FromResult(Ranged(asset)(r)));
        var sender = Senders.Create(handler, _time, new TestProviderOptions { DownloadIdleTimeout = TimeSpan.FromSeconds(20) });

        var bytes = await _time.RunAsync(ReadAllAsync(sender), TimeSpan.FromMilliseconds(500), s_limit);

        Assert.Equal(asset, bytes);
        Assert.Equal(2, handler.Received.Count);
        Assert.Equal("bytes=30000-", handler.Received.Last().Request.Headers.Range!.ToString());
        Assert.InRange(handler.Times[1] - handler.Times[0], TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(21)); // the idle limit, not the 100 s request limit
    }

    [Fact]
    public async Task ReadAsync_SlowButWithinIdleTimeout_DoesNotReconnect()
    {
        var asset = Asset(100_000);
        Serve(Whole(asset, (data, offset) => new ScriptedStream(data, offset) { PauseAt = 30_000, PauseFor = TimeSpan.FromSeconds(50), Clock = _time }));

        var bytes = await _time.RunAsync(ReadAllAsync(), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Single(_handler.Requests);
        Assert.True(_time.GetUtcNow() - new ManualTimeProvider().GetUtcNow() >= TimeSpan.FromSeconds(50));
    }

    [Fact]
    public async Task ReadAsync_BodyShorterThanContentLength_Resumes()
    {
        var asset = Asset(80_000);
        Serve(Whole(asset, Body(endAt: 70_000)), Ranged(asset));

        var bytes = await _time.RunAsync(ReadAllAsync(), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Equal("bytes=70000-", _handler.Requests[1].Header("Range"));
    }

    [Fact]
    public async Task ReadAsync_DropAfterLastByte_CompleteWithoutResume()
    {
        var asset = Asset(40_000);
        Serve(Whole(asset, Body(failAt: 40_000)), Ranged(asset));

        var bytes = await _time.RunAsync(ReadAllAsync(), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Single(_handler.Requests); // nothing is missing: a request for "bytes=40000-" would only get 416
    }

    [Fact]
    public async Task ReadAsync_StallAfterLastByte_CompleteWithoutResume()
    {
        var asset = Asset(40_000);
        Serve(Whole(asset, Body(stallAt: 40_000)), Ranged(asset));

        var bytes = await _time.RunAsync(ReadAllAsync(), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task ReadAsync_UnknownLength_EndsWhereBodyEnds()
    {
        var asset = Asset(10_000);
        Serve(Whole(asset, contentLength: null, chunked: true)); // the chunked terminator says where the body ends

        using var content = await Sender().OpenContentAsync(Senders.Get(ContentPath), CancellationToken.None);
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy);

        Assert.Null(content.Length);
        Assert.Equal(asset, copy.ToArray());
        Assert.Throws<NotSupportedException>(() => content.Content.Length);
    }

    [Fact]
    public async Task ReadAsync_NoProgressAfterResumes_GivesUpWithTypedError()
    {
        var asset = Asset(50_000);
        Serve(Whole(asset, Body(failAt: 20_000)), Ranged(asset, (data, offset) => new ScriptedStream(data, offset) { FailAt = offset }));

        var ex = await _time.RunAsync(ReadAllAsync(), s_step, s_limit).ThrowsAnyAsync<VideoProviderException>();

        Assert.Equal("download_interrupted", ex.ProviderErrorCode);
        Assert.True(ex.IsTransient);
        Assert.Contains("failed at byte 20000", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 3, _handler.Requests.Count); // the first request, then MaxRetries resumes without progress
    }

    [Fact]
    public async Task ReadAsync_EveryResumeMakesProgress_KeepsGoing()
    {
        var asset = Asset(60_000);
        Serve(Whole(asset, Body(failAt: 5_000)), Ranged(asset, (data, offset) => new ScriptedStream(data, offset) { FailAt = offset + 5_000 < data.Length ? offset + 5_000 : null }));

        var bytes = await _time.RunAsync(ReadAllAsync(), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Equal(12, _handler.Requests.Count); // far more than MaxRetries drops, but each one moved forward
    }

    [Fact]
    public async Task ReadAsync_ResumeRefused_Throws()
    {
        var asset = Asset(50_000);
        Serve(Whole(asset, Body(failAt: 20_000)), _ => StubHttpHandler.Json(404, """{"error":{"code":"expired","message":"The video expired"}}"""));

        var ex = await _time.RunAsync(ReadAllAsync(), s_step, s_limit).ThrowsAnyAsync<VideoProviderException>();

        Assert.IsType<VideoJobNotFoundException>(ex);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task OpenContentAsync_TransientErrorBeforeHeaders_Retried()
    {
        var asset = Asset(1_000);
        Serve(_ => StubHttpHandler.Json(503, "{}"), Whole(asset));

        var bytes = await _time.RunAsync(ReadAllAsync(), s_step, s_limit);

        Assert.Equal(asset, bytes);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task OpenContentAsync_Success_ReportsTypeAndLengthAndStreamsLazily()
    {
        var body = new ScriptedStream(Asset(5_000));
        Serve(_ =>
        {
            var response = Whole(Asset(5_000))(new HttpRequestMessage());
            response.Content = new StreamContent(body) { Headers = { ContentLength = 5_000, ContentType = new("video/mp4") } };
            return response;
        });

        var content = await Sender().OpenContentAsync(Senders.Get(ContentPath), CancellationToken.None);

        Assert.Equal("video/mp4", content.MediaType);
        Assert.Equal(5_000, content.Length);
        Assert.Equal(0, body.Position); // nothing read until the caller reads
        Assert.False(content.Content.CanSeek);
        Assert.Throws<NotSupportedException>(() => content.Content.ReadByte()); // synchronous reads would block a thread
        await content.DisposeAsync();
        Assert.True(body.IsDisposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => content.Content.ReadAsync(new byte[10]).AsTask().Guarded());
    }

    [Fact]
    public async Task ReadAsync_CanceledDuringStall_OperationCanceledWithoutReconnect()
    {
        var asset = Asset(50_000);
        Serve(Whole(asset, Body(stallAt: 10_000)), Ranged(asset));
        using var cts = new CancellationTokenSource();
        using var content = await Sender().OpenContentAsync(Senders.Get(ContentPath), CancellationToken.None);
        var buffer = new byte[64 * 1024];
        var read = 0;
        while (read < 10_000)
        {
            read += await content.Content.ReadAsync(buffer, cts.Token);
        }

        var stalled = content.Content.ReadAsync(buffer, cts.Token).AsTask();
        await cts.CancelAsync();

        await stalled.ThrowsAnyAsync<OperationCanceledException>();
        Assert.Single(_handler.Requests);
    }
}
