namespace SoraClient.Tests.Support;

/// <summary>
/// A read-only, non-seekable body that serves <see cref="Data"/> in chunks of at most <see cref="ChunkSize"/>, and at
/// a chosen position fails (<see cref="IOException"/>), stalls until the read is canceled, or ends early.
/// </summary>
public sealed class ScriptedStream : Stream
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;
    private bool _paused;

    public ScriptedStream(ReadOnlyMemory<byte> data, int offset = 0)
    {
        _data = data;
        _position = offset;
    }

    public ReadOnlyMemory<byte> Data => _data;

    public int? FailAt { get; init; }

    public int? StallAt { get; init; }

    public int? EndAt { get; init; }

    /// <summary>Gets a position where the body pauses for <see cref="PauseFor"/> on <see cref="Clock"/> (once), then goes on.</summary>
    public int? PauseAt { get; init; }

    public TimeSpan PauseFor { get; init; }

    public TimeProvider? Clock { get; init; }

    public int ChunkSize { get; init; } = 16 * 1024;

    public int ReadCalls { get; private set; }

    public int LargestRead { get; private set; }

    public bool IsDisposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    /// <summary>Gets how far the consumer has read, so a test can see the body is consumed as it is written.</summary>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ReadCalls++;
        cancellationToken.ThrowIfCancellationRequested();
        if (_position == StallAt)
        {
            var never = new TaskCompletionSource();
            var registration = cancellationToken.Register(() => never.TrySetCanceled(cancellationToken));
            await using (registration.ConfigureAwait(false))
            {
                await never.Task.ConfigureAwait(false);
            }
        }

        if (_position == PauseAt && !_paused)
        {
            _paused = true;
            await Task.Delay(PauseFor, Clock ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        if (_position == FailAt)
        {
            throw new IOException("Connection reset by peer.");
        }

        if (_position == EndAt)
        {
            return 0;
        }

        var limit = new[] { FailAt, StallAt, EndAt, PauseAt, _data.Length }.Where(p => p is { } v && v > _position).Min() ?? _data.Length;
        var count = Math.Min(Math.Min(buffer.Length, ChunkSize), limit - _position);
        _data.Slice(_position, count).CopyTo(buffer);
        _position += count;
        LargestRead = Math.Max(LargestRead, count);
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
