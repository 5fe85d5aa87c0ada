using SoraClient.Download;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Tests.Support.AssetServer;

namespace SoraClient.Tests;

/// <summary>DownloadAsync and DownloadToFileAsync over the real sender and resumable stream, with the manual clock.</summary>
public sealed class VideoGeneratorExtensionsDownloadTests : IDisposable
{
    private const string ContentPath = "/v1/videos/video_123/content";
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_limit = TimeSpan.FromHours(1);
    private readonly ManualTimeProvider _time = new();
    private readonly StubHttpHandler _handler = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("soraclient-tests-").FullName;
    private readonly TestVideoGenerator _generator;
    private int _opened;

    public VideoGeneratorExtensionsDownloadTests()
    {
        var sender = Senders.Create(_handler, _time);
        _generator = new TestVideoGenerator
        {
            TimeProvider = _time,
            GetContentAsyncCallback = (job, kind, ct) =>
            {
                _opened++;
                return sender.OpenContentAsync(Senders.Get(ContentPath), ct);
            },
        };
    }

    public void Dispose()
    {
        _generator.Dispose();
        _handler.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private void Serve(params Func<HttpRequestMessage, HttpResponseMessage>[] responses) => _handler.On(HttpMethod.Get, ContentPath, responses);

    private static Func<byte[], int, ScriptedStream> FailAt(int position) => (data, offset) => new ScriptedStream(data, offset) { FailAt = position };

    // ---- DownloadAsync ----

    [Fact]
    public async Task DownloadAsync_DroppedConnection_WritesIdenticalBytesAndReportsProgress()
    {
        var asset = Asset(250_000);
        Serve(Whole(asset, FailAt(100_000)), Ranged(asset));
        using var destination = new MemoryStream();
        var progress = new RecordingProgress<long>();

        var written = await _time.RunAsync(_generator.DownloadAsync(Jobs.Succeeded(), destination, progress), s_step, s_limit);

        Assert.Equal(asset.Length, written);
        Assert.Equal(asset, destination.ToArray());
        Assert.True(progress.Values.Count > 2);
        Assert.Equal(progress.Values.Order(), progress.Values); // only ever grows
        Assert.Equal(asset.Length, progress.Values[^1]);
        Assert.Contains(100_000L, progress.Values); // the total before the drop was reported, and went on from there
    }

    [Theory]
    [InlineData(VideoJobStatus.Queued)]
    [InlineData(VideoJobStatus.Running)]
    [InlineData(VideoJobStatus.Failed)]
    [InlineData(VideoJobStatus.Canceled)]
    [InlineData(VideoJobStatus.Expired)]
    public async Task DownloadAsync_JobNotSucceeded_ThrowsWithoutOpening(VideoJobStatus status)
    {
        using var destination = new MemoryStream();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _generator.DownloadAsync(Jobs.Create(status), destination).Guarded());

        Assert.Contains($"is {status}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _opened);
    }

    [Fact]
    public async Task DownloadAsync_ContentShorterThanAnnounced_ThrowsIncomplete()
    {
        using var generator = new TestVideoGenerator
        {
            GetContentAsyncCallback = (_, _, _) => Task.FromResult(new VideoContent(new MemoryStream(new byte[50]), "video/mp4", 100)),
        };
        using var destination = new MemoryStream();

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => generator.DownloadAsync(Jobs.Succeeded(), destination).Guarded());

        Assert.Equal("download_incomplete", ex.ProviderErrorCode);
        Assert.Contains("after 50 of 100 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_Kind_PassedToGenerator()
    {
        VideoAssetKind? asked = null;
        using var generator = new TestVideoGenerator
        {
            GetContentAsyncCallback = (_, kind, _) =>
            {
                asked = kind;
                return Task.FromResult(new VideoContent(new MemoryStream([1, 2, 3]), "image/webp", 3));
            },
        };
        using var destination = new MemoryStream();

        Assert.Equal(3, await generator.DownloadAsync(Jobs.Succeeded(), destination, kind: VideoAssetKind.Thumbnail).Guarded());
        Assert.Equal(VideoAssetKind.Thumbnail, asked);
    }

    [Fact]
    public async Task DownloadAsync_LargeAsset_StreamedChunkByChunk()
    {
        const int Size = 8 * 1024 * 1024;
        var source = new ScriptedStream(Asset(Size)) { ChunkSize = int.MaxValue }; // fills whatever buffer it is given
        Serve(_ =>
        {
            var response = Whole(Asset(1))(new HttpRequestMessage());
            response.Content = new StreamContent(source) { Headers = { ContentLength = Size } };
            return response;
        });
        using var destination = new ProbeStream(source);

        var written = await _time.RunAsync(_generator.DownloadAsync(Jobs.Succeeded(), destination), s_step, s_limit);

        Assert.Equal(Size, written);
        Assert.Equal(Size, destination.Length);
        // One pooled copy buffer (81,920 bytes asked, 128 KB rented) bounds every read and write: the body is never held whole.
        Assert.InRange(destination.SourcePositionAtFirstWrite, 1, 128 * 1024);
        Assert.InRange(destination.LargestWrite, 1, 128 * 1024);
        Assert.True(destination.Writes >= Size / (128 * 1024), $"{destination.Writes} writes");
    }

    // ---- DownloadToFileAsync ----

    [Fact]
    public async Task DownloadToFileAsync_Success_RenamesCompleteTempFileFromSameFolder()
    {
        var asset = Asset(200_000);
        Serve(Whole(asset, FailAt(60_000)), Ranged(asset));
        var target = Path.Combine(_folder, "video.mp4");
        var seenDuringDownload = new List<string>();
        var progress = new CallbackProgress(_ =>
        {
            Assert.False(File.Exists(target)); // never a partial file at the target
            seenDuringDownload.AddRange(Directory.GetFiles(_folder).Select(Path.GetFileName)!);
        });

        var path = await _time.RunAsync(_generator.DownloadToFileAsync(Jobs.Succeeded(), target, progress), s_step, s_limit);

        Assert.Equal(target, path);
        Assert.Equal(asset, await File.ReadAllBytesAsync(target));
        Assert.Equal(["video.mp4"], Directory.GetFiles(_folder).Select(Path.GetFileName), StringComparer.Ordinal);
        Assert.NotEmpty(seenDuringDownload);
        Assert.All(seenDuringDownload, name => Assert.Matches(@"^video\.mp4\.[0-9a-f]{32}\.part$", name));
    }

    [Fact]
    public async Task DownloadToFileAsync_ExistingTarget_ReplacedOnSuccess()
    {
        var asset = Asset(10_000);
        Serve(Whole(asset));
        var target = Path.Combine(_folder, "video.mp4");
        await File.WriteAllTextAsync(target, "old");

        await _time.RunAsync(_generator.DownloadToFileAsync(Jobs.Succeeded(), target), s_step, s_limit);

        Assert.Equal(asset, await File.ReadAllBytesAsync(target));
    }

    [Fact]
    public async Task DownloadToFileAsync_Failure_KeepsExistingTargetAndLeavesNoTemp()
    {
        var asset = Asset(100_000);
        Serve(Whole(asset, FailAt(30_000)), Ranged(asset, (data, offset) => new ScriptedStream(data, offset) { FailAt = offset }));
        var target = Path.Combine(_folder, "video.mp4");
        await File.WriteAllTextAsync(target, "previous video");

        var ex = await _time.RunAsync(_generator.DownloadToFileAsync(Jobs.Succeeded(), target), s_step, s_limit).ThrowsAnyAsync<VideoProviderException>();

        Assert.Equal("download_interrupted", ex.ProviderErrorCode);
        Assert.Equal("previous video", await File.ReadAllTextAsync(target));
        Assert.Equal(["video.mp4"], Directory.GetFiles(_folder).Select(Path.GetFileName), StringComparer.Ordinal);
    }

    [Fact]
    public async Task DownloadToFileAsync_FailureWithoutTarget_CreatesNothing()
    {
        Serve(_ => StubHttpHandler.Json(404, """{"error":{"code":"expired","message":"The video expired"}}"""));

        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => _generator.DownloadToFileAsync(Jobs.Succeeded(), Path.Combine(_folder, "video.mp4")).Guarded());

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task DownloadToFileAsync_Canceled_OperationCanceledAndNoFiles()
    {
        Serve(Whole(Asset(1_000_000)));
        using var cts = new CancellationTokenSource();
        var progress = new CallbackProgress(_ => cts.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _generator.DownloadToFileAsync(Jobs.Succeeded(), Path.Combine(_folder, "video.mp4"), progress, cancellationToken: cts.Token).Guarded());

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task DownloadToFileAsync_JobNotSucceeded_ThrowsAndCreatesNothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _generator.DownloadToFileAsync(Jobs.Create(VideoJobStatus.Running), Path.Combine(_folder, "video.mp4")).Guarded());

        Assert.Empty(Directory.GetFiles(_folder));
        Assert.Equal(0, _opened);
    }

    [Fact]
    public async Task DownloadToFileAsync_RelativePath_ReturnsFullPath()
    {
        Serve(Whole(Asset(100)));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_folder, "clip.mp4"));

        var path = await _generator.DownloadToFileAsync(Jobs.Succeeded(), relative).Guarded();

        Assert.True(Path.IsPathFullyQualified(path));
        Assert.Equal(Path.Combine(_folder, "clip.mp4"), path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task DownloadToFileAsync_NoPath_Throws(string? path) =>
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _generator.DownloadToFileAsync(Jobs.Succeeded(), path!).Guarded());

    private sealed class CallbackProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>A sink that records how the bytes arrive and checks them against the source's pattern.</summary>
    private sealed class ProbeStream(ScriptedStream source) : Stream
    {
        private readonly byte[] _expected = source.Data.ToArray();
        private long _length;

        public int Writes { get; private set; }

        public int LargestWrite { get; private set; }

        public long SourcePositionAtFirstWrite { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Writes++ == 0)
            {
                SourcePositionAtFirstWrite = source.Position;
            }

            Assert.True(buffer.Span.SequenceEqual(_expected.AsSpan((int)_length, buffer.Length)), $"bytes differ at {_length}");
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
