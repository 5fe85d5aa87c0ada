namespace SoraClient;

/// <summary>The gateway refused the API key (HTTP 401/403, or an equivalent error code).</summary>
public class VideoAuthenticationException : VideoProviderException
{
    /// <summary>Initializes a new instance of the <see cref="VideoAuthenticationException"/> class.</summary>
    public VideoAuthenticationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoAuthenticationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoAuthenticationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoAuthenticationException"/> class.</summary>
    /// <param name="provider">The generator registration name.</param>
    /// <param name="message">The message (already redacted).</param>
    /// <param name="statusCode">The HTTP status, when there was a response.</param>
    /// <param name="providerErrorCode">The gateway's error code.</param>
    /// <param name="innerException">The cause.</param>
    public VideoAuthenticationException(string? provider, string message, int? statusCode, string? providerErrorCode = null, Exception? innerException = null)
        : base(provider, message, statusCode, providerErrorCode, innerException)
    {
    }
}
