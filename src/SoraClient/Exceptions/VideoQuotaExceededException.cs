namespace SoraClient;

/// <summary>The account has run out of credit or balance (for example GrsAI code -1, AceData <c>used_up</c>, HTTP 402, APIYI's 429 for an insufficient balance).</summary>
public class VideoQuotaExceededException : VideoProviderException
{
    /// <summary>Initializes a new instance of the <see cref="VideoQuotaExceededException"/> class.</summary>
    public VideoQuotaExceededException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoQuotaExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoQuotaExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoQuotaExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoQuotaExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoQuotaExceededException"/> class.</summary>
    /// <param name="provider">The generator registration name.</param>
    /// <param name="message">The message (already redacted).</param>
    /// <param name="statusCode">The HTTP status, when there was a response.</param>
    /// <param name="providerErrorCode">The gateway's error code.</param>
    /// <param name="innerException">The cause.</param>
    public VideoQuotaExceededException(string? provider, string message, int? statusCode, string? providerErrorCode = null, Exception? innerException = null)
        : base(provider, message, statusCode, providerErrorCode, innerException)
    {
    }
}
