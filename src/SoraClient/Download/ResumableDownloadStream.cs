using System.Net;
using System.Net.Http.Headers;
using SoraClient.Http;

namespace SoraClient.Download;

/// <summary>
/// A read-only stream over an asset that survives dropped connections: when a read fails, stalls longer than the
/// idle timeout, or the body ends before its announced length, it reopens the asset with <c>Range: bytes={position}-</c>
/// under <c>If-Range</c> and carries on. It resumes only when the asset has a validator (a strong ETag or Last-Modified)
/// and the resumed answer carries the same one; otherwise the bytes could come from another asset, so it fails with
/// <c>download_not_resumable</c> (the download then starts again from zero where it can). The whole download is bounded
/// by <see cref="ProviderHttpSender.DownloadTimeout"/> and <see cref="ProviderHttpSender.MaxDownloadBytes"/>.
/// </summary>
internal sealed class ResumableDownloadStream : Stream
{
    private readonly ProviderHttpSender _sender;
    private readonly Func<HttpRequestMessage> _createRequest;
    private readonly EntityTagHeaderValue? _etag;
    private readonly DateTimeOffset? _lastModified;
    private readonly CancellationTokenSource _deadline;
    private HttpResponseMessage _response;
    private Stream _body;
    private CancellationTokenSource _idle;
    private long _position;
    private int _failuresWithoutProgress;
    private bool _mustReopen;
    private bool _disposed;

    private ResumableDownloadStream(ProviderHttpSender sender, Func<HttpRequestMessage> createRequest, HttpResponseMessage response, Stream body)
    {
        _sender = sender;
        _createRequest = createRequest;
        _response = response;
        _body = body;
        _etag = response.Headers.ETag is { IsWeak: false } etag ? etag : null;
        _lastModified = response.Content.Headers.LastModified;
        ExpectedLength = response.Content.Headers.ContentLength;
        _idle = NewIdleTimer();
        _deadline = new CancellationTokenSource(sender.DownloadTimeout, sender.TimeProvider);
    }

    /// <summary>Gets the asset's total length, when the server announced it.</summary>
    public long? ExpectedLength { get; }

    public override bool CanRead => !_disposed;

    private bool IsComplete => ExpectedLength is { } length && _position >= length;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => ExpectedLength ?? throw new NotSupportedException("The server did not announce the length.");

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public static async Task<ResumableDownloadStream> StartAsync(ProviderHttpSender sender, Func<HttpRequestMessage> createRequest,
        HttpResponseMessage response, CancellationToken cancellationToken)
    {
        CheckCanComplete(sender, response);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new ResumableDownloadStream(sender, createRequest, response, body);
    }

    /// <summary>
    /// Refuses an answer whose end could not be told from a cut: without a length, only a chunked body (its terminator) or
    /// HTTP/2 and later (end of stream) say the body is complete; a body that ends when the connection closes may be half of it.
    /// An announced length above the limit is refused before reading.
    /// </summary>
    private static void CheckCanComplete(ProviderHttpSender sender, HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentLength is { } length)
        {
            if (length > sender.MaxDownloadBytes)
            {
                throw TooLarge(sender, $"announces {length} bytes");
            }

            return;
        }

        if (response.Headers.TransferEncodingChunked != true && response.Version.Major < 2)
        {
            throw new VideoProviderException(sender.Provider,
                $"{sender.Provider}: the download has no Content-Length and is not chunked, so a connection closed halfway could not be told from the end; it was not read.",
                (int)response.StatusCode, "download_length_unknown");
        }
    }

    private static VideoProviderException TooLarge(ProviderHttpSender sender, string what) => new(sender.Provider,
        $"{sender.Provider}: the download {what}, more than MaxDownloadBytes ({sender.MaxDownloadBytes}).", null, "download_too_large");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            string reason;
            try
            {
                if (_mustReopen)
                {
                    await ReopenAsync(cancellationToken).ConfigureAwait(false);
                    _mustReopen = false;
                }

                var read = await ReadWithIdleTimeoutAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    _position += read;
                    _failuresWithoutProgress = 0;
                    return _position <= _sender.MaxDownloadBytes ? read : throw TooLarge(_sender, $"passed {_position} bytes");
                }

                if (ExpectedLength is null || IsComplete)
                {
                    return 0;
                }

                reason = $"the body ended at {_position} of {ExpectedLength} bytes";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
            {
                throw TimedOut();
            }
            catch (OperationCanceledException)
            {
                reason = $"no data for {_sender.DownloadIdleTimeout}";
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                reason = ex.GetType().Name;
            }

            // Every announced byte is here: a drop or stall before the end of the stream loses nothing, and a
            // resume would ask for an empty range, which servers refuse (416).
            if (IsComplete)
            {
                return 0;
            }

            PrepareResume(reason);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Read the content asynchronously (ReadAsync or CopyToAsync).");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _body.Dispose();
            _response.Dispose();
            _idle.Dispose();
            _deadline.Dispose();
        }

        base.Dispose(disposing);
    }

    private VideoProviderException TimedOut() => new(_sender.Provider,
        $"{_sender.Provider}: the download did not finish within DownloadTimeout ({_sender.DownloadTimeout}); {_position} bytes were read.", null, "download_timeout")
    {
        IsTransient = true,
    };

    private void PrepareResume(string reason)
    {
        if (_etag is null && _lastModified is null && _position > 0)
        {
            throw new VideoProviderException(_sender.Provider,
                $"{_sender.Provider}: the download failed at byte {_position} ({reason}) and the server sent no ETag or Last-Modified, " +
                "so a resumed answer could not be proven to be the same asset; start again from zero.", null, "download_not_resumable")
            { IsTransient = true };
        }

        if (++_failuresWithoutProgress > _sender.MaxResumes)
        {
            throw new VideoProviderException(_sender.Provider,
                $"{_sender.Provider}: the download failed at byte {_position} ({reason}) and could not be resumed.", null, "download_interrupted")
            { IsTransient = true };
        }

        HttpLog.Resume(_sender.Logger, _sender.Provider, _position, reason);
        _mustReopen = true;
    }

    private async ValueTask<int> ReadWithIdleTimeoutAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        _idle.CancelAfter(_sender.DownloadIdleTimeout);
        try
        {
            using var linked = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token, _deadline.Token)
                : CancellationTokenSource.CreateLinkedTokenSource(_idle.Token, _deadline.Token);
            return await _body.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            if (!_idle.IsCancellationRequested)
            {
                _idle.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    private async Task ReopenAsync(CancellationToken cancellationToken)
    {
        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        _idle.Dispose();
        _idle = NewIdleTimer();

        var offset = _position;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
        _response = await _sender.ExecuteAsync(HttpOperation.Download, () =>
        {
            var request = _createRequest();
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
                request.Headers.IfRange = _etag is not null ? new RangeConditionHeaderValue(_etag) : new RangeConditionHeaderValue(_lastModified!.Value);
            }

            return request;
        }, HttpCompletionOption.ResponseHeadersRead, bounded.Token).ConfigureAwait(false);
        _body = await _response.Content.ReadAsStreamAsync(bounded.Token).ConfigureAwait(false);

        // Whole or partial, the answer must be the same asset: the validator must match, or the bytes would be spliced.
        if (offset > 0 && ((_etag is not null && !Equals(_response.Headers.ETag, _etag))
            || (_etag is null && _response.Content.Headers.LastModified != _lastModified)))
        {
            throw new VideoProviderException(_sender.Provider, $"{_sender.Provider}: the asset changed while it was being downloaded.", (int)_response.StatusCode, "content_changed");
        }

        if (_response.StatusCode == HttpStatusCode.PartialContent)
        {
            CheckContentRange(offset);
            return;
        }

        // The server ignored the range and sent the whole asset (the same one): skip what we have.
        CheckCanComplete(_sender, _response);
        await SkipAsync(offset, cancellationToken).ConfigureAwait(false);
    }

    // A 206 must go on exactly where the download stopped, in the same asset; otherwise the bytes would be spliced
    // into a corrupt stream. (A 206 without Content-Range breaks HTTP but is taken at its word: the length check catches the worst.)
    private void CheckContentRange(long offset)
    {
        if (_response.Content.Headers.ContentRange is not { } range)
        {
            return;
        }

        if (range.Length is { } total && ExpectedLength is { } expected && total != expected)
        {
            throw new VideoProviderException(_sender.Provider,
                $"{_sender.Provider}: the asset changed while it was being downloaded (it had {expected} bytes, the resumed answer says {total}).", 206, "content_changed");
        }

        if (range.From != offset)
        {
            throw new VideoProviderException(_sender.Provider,
                $"{_sender.Provider}: the download was resumed at byte {offset} but the server sent '{range}'.", 206, "invalid_range");
        }
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        var scratch = new byte[81920];
        while (count > 0)
        {
            // Under the idle timeout and the deadline too: a server that stalls while the bytes are skipped is resumed again.
            var read = await ReadWithIdleTimeoutAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The resumed response ended before the resume point.");
            }

            count -= read;
        }
    }

    private CancellationTokenSource NewIdleTimer() => new(Timeout.InfiniteTimeSpan, _sender.TimeProvider);
}
