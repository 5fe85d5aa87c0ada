namespace SoraClient.Emulator.Faults;

/// <summary>A write-only stream that passes the first bytes through to the response and silently drops the rest.</summary>
internal sealed class TruncatingStream(Stream inner, long limit) : Stream
{
    private long _remaining = limit;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer[..Take(buffer.Length)]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var length = Take(buffer.Length);
        if (length > 0)
        {
            await inner.WriteAsync(buffer[..length], cancellationToken).ConfigureAwait(false);
        }
    }

    private int Take(int requested)
    {
        var length = (int)Math.Min(requested, _remaining);
        _remaining -= length;
        return length;
    }
}
