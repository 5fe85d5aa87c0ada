namespace SoraClient;

/// <summary>An open, streamed asset. Dispose it to release the connection.</summary>
public sealed class VideoContent : IDisposable, IAsyncDisposable
{
    private readonly IDisposable? _owner;

    /// <summary>Initializes a new instance of the <see cref="VideoContent"/> class.</summary>
    /// <param name="content">The stream to read.</param>
    /// <param name="mediaType">The media type, when known.</param>
    /// <param name="length">The length in bytes, when known.</param>
    /// <param name="owner">Something disposed with the content (for example the HTTP response).</param>
    public VideoContent(Stream content, string? mediaType, long? length, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        Content = content;
        MediaType = mediaType;
        Length = length;
        _owner = owner;
    }

    /// <summary>Gets the stream of bytes.</summary>
    public Stream Content { get; }

    /// <summary>Gets the media type, for example <c>video/mp4</c>, when known.</summary>
    public string? MediaType { get; }

    /// <summary>Gets the total length in bytes, when known.</summary>
    public long? Length { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Content.Dispose();
        _owner?.Dispose();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _owner?.Dispose();
    }
}
