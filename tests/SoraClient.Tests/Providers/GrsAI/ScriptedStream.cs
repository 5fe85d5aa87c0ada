using System.Text;

namespace SoraClient.Tests.Providers.GrsAI;

/// <summary>
/// A response body that plays a script: text chunks (one per read), then an optional failure (an exception thrown
/// by the next read) or a hang (the next read waits until it is canceled), then the end.
/// </summary>
internal sealed class ScriptedStream : Stream
{
    private readonly Queue<byte[]> _chunks;
    private readonly Exception? _failure;
    private readonly bool _hang;

    public ScriptedStream(IEnumerable<string> chunks, Exception? failure = null, bool hang = false)
    {
        _chunks = new Queue<byte[]>(chunks.Select(Encoding.UTF8.GetBytes));
        _failure = failure;
        _hang = hang;
    }

    public bool Disposed { get; private set; }

    /// <summary>Completes when a read is waiting on the hang (so a test knows the reader has caught up).</summary>
    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_chunks.Count > 0)
        {
            var chunk = _chunks.Peek();
            var count = Math.Min(chunk.Length, buffer.Length);
            chunk.AsSpan(0, count).CopyTo(buffer.Span);
            _chunks.Dequeue();
            if (count < chunk.Length)
            {
                var rest = new Queue<byte[]>([chunk[count..], .. _chunks]);
                _chunks.Clear();
                foreach (var item in rest)
                {
                    _chunks.Enqueue(item);
                }
            }

            return count;
        }

        if (_failure is not null)
        {
            throw _failure;
        }

        if (_hang)
        {
            Hanging.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return 0;
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

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
