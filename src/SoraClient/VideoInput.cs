namespace SoraClient;

/// <summary>
/// An input image for a generation (for example a reference image for image-to-video): a URI the gateway
/// fetches itself, bytes in memory, or a local file.
/// </summary>
public sealed class VideoInput
{
    private VideoInput(Uri? uri, ReadOnlyMemory<byte> data, string? filePath, string? mediaType, string? fileName)
    {
        Uri = uri;
        Data = data;
        FilePath = filePath;
        MediaType = mediaType;
        FileName = fileName;
    }

    /// <summary>Gets the URI when the input is a URI (an <c>https:</c> or <c>data:</c> URI); otherwise <see langword="null"/>.</summary>
    public Uri? Uri { get; }

    /// <summary>Gets the bytes when the input was given as bytes; otherwise empty.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets the path when the input is a local file; otherwise <see langword="null"/>.</summary>
    public string? FilePath { get; }

    /// <summary>Gets the media type (for example <c>image/png</c>) when known.</summary>
    public string? MediaType { get; }

    /// <summary>Gets the file name sent with an upload.</summary>
    public string? FileName { get; }

    /// <summary>Gets a value indicating whether the input is a URI the gateway fetches itself.</summary>
    public bool IsUri => Uri is not null;

    /// <summary>Creates an input from a URI the gateway can fetch (or a <c>data:</c> URI).</summary>
    /// <param name="uri">An absolute URI.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="uri"/> is not absolute.</exception>
    public static VideoInput FromUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The input URI must be absolute.", nameof(uri));
        }

        return new VideoInput(uri, default, null, null, null);
    }

    /// <summary>Creates an input from bytes in memory.</summary>
    /// <param name="data">The image bytes.</param>
    /// <param name="mediaType">The media type, for example <c>image/png</c>.</param>
    /// <param name="fileName">The file name to send with an upload; derived from the media type when omitted.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty or <paramref name="mediaType"/> is missing.</exception>
    public static VideoInput FromBytes(ReadOnlyMemory<byte> data, string mediaType, string? fileName = null)
    {
        if (data.IsEmpty)
        {
            throw new ArgumentException("The input data is empty.", nameof(data));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        return new VideoInput(null, data, null, mediaType, fileName ?? "input" + MediaTypes.ExtensionFor(mediaType));
    }

    /// <summary>Creates an input from a local file, read when the request is sent.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="mediaType">The media type; derived from the file extension when omitted.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or its media type cannot be derived.</exception>
    public static VideoInput FromFile(string path, string? mediaType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        mediaType ??= MediaTypes.FromExtension(Path.GetExtension(path))
            ?? throw new ArgumentException(
                $"Cannot tell the media type of '{Path.GetFileName(path)}' from its extension; pass mediaType (image/png, image/jpeg or image/webp).",
                nameof(mediaType));
        return new VideoInput(null, default, path, mediaType, Path.GetFileName(path));
    }

    /// <summary>Reads the bytes of a byte or file input.</summary>
    internal async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        if (FilePath is not null)
        {
            return await File.ReadAllBytesAsync(FilePath, cancellationToken).ConfigureAwait(false);
        }

        return Data;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Uri is not null ? (string.Equals(Uri.Scheme, "data", StringComparison.OrdinalIgnoreCase) ? "data: URI" : Uri.GetLeftPart(UriPartial.Path))
        : FilePath is not null ? $"file {FileName}"
        : $"{Data.Length} bytes of {MediaType}";
}
