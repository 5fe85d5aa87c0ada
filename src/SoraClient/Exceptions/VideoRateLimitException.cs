namespace SoraClient;

/// <summary>The gateway is throttling the client (HTTP 429 or a busy code). See <see cref="VideoProviderException.RetryAfter"/>.</summary>
public class VideoRateLimitException : VideoProviderException
{
    /// <summary>Initializes a new instance of the <see cref="VideoRateLimitException"/> class.</summary>
    public VideoRateLimitException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoRateLimitException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoRateLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoRateLimitException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoRateLimitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoRateLimitException"/> class.</summary>
    /// <param name="provider">The generator registration name.</param>
    /// <param name="message">The message (already redacted).</param>
    /// <param name="statusCode">The HTTP status, when there was a response.</param>
    /// <param name="providerErrorCode">The gateway's error code.</param>
    /// <param name="innerException">The cause.</param>
    public VideoRateLimitException(string? provider, string message, int? statusCode, string? providerErrorCode = null, Exception? innerException = null)
        : base(provider, message, statusCode, providerErrorCode, innerException)
    {
    }
}
