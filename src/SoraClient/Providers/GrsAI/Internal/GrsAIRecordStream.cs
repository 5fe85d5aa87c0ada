using System.Buffers;
using System.Text.Json;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>Reads the records of a streamed GrsAI body one at a time, as they arrive (see <see cref="GrsAIRecordReader"/>).</summary>
internal sealed class GrsAIRecordStream : IDisposable
{
    private const int ReadSize = 16 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadSize * 2);
    private int _start;
    private int _end;
    private bool _ended;

    public GrsAIRecordStream(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The next record, or <see langword="null"/> at the end of the body.</summary>
    /// <exception cref="IOException">The connection failed (or <see cref="HttpRequestException"/>, depending on the handler).</exception>
    /// <exception cref="InvalidDataException">A record is larger than <see cref="GrsAIRecordReader.MaxRecordBytes"/>.</exception>
    public async ValueTask<JsonElement?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = GrsAIRecordReader.TryRead(_buffer.AsSpan(_start, _end - _start), _ended, out var record, out var consumed);
            _start += consumed;
            if (found)
            {
                return record;
            }

            if (_ended)
            {
                return null;
            }

            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
            }

            _end += read;
            if (_end - _start > GrsAIRecordReader.MaxRecordBytes)
            {
                throw new InvalidDataException($"A streamed record is larger than {GrsAIRecordReader.MaxRecordBytes} bytes.");
            }
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_buffer.Length - _end >= ReadSize)
        {
            return;
        }

        var target = pending + ReadSize > _buffer.Length ? ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, pending + ReadSize)) : _buffer;
        _buffer.AsSpan(_start, pending).CopyTo(target);
        if (!ReferenceEquals(target, _buffer))
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = target;
        }

        _start = 0;
        _end = pending;
    }
}
