namespace SoraClient;

/// <summary>The gateway does not know the job (HTTP 404, or an equivalent code).</summary>
public class VideoJobNotFoundException : VideoProviderException
{
    /// <summary>Initializes a new instance of the <see cref="VideoJobNotFoundException"/> class.</summary>
    public VideoJobNotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobNotFoundException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoJobNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobNotFoundException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoJobNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobNotFoundException"/> class.</summary>
    /// <param name="provider">The generator registration name.</param>
    /// <param name="message">The message (already redacted).</param>
    /// <param name="statusCode">The HTTP status, when there was a response.</param>
    /// <param name="providerErrorCode">The gateway's error code.</param>
    /// <param name="innerException">The cause.</param>
    public VideoJobNotFoundException(string? provider, string message, int? statusCode, string? providerErrorCode = null, Exception? innerException = null)
        : base(provider, message, statusCode, providerErrorCode, innerException)
    {
    }
}
