namespace SoraClient;

/// <summary>Moderation rejected the prompt or an input.</summary>
public class VideoContentPolicyException : VideoProviderException
{
    /// <summary>Initializes a new instance of the <see cref="VideoContentPolicyException"/> class.</summary>
    public VideoContentPolicyException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoContentPolicyException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoContentPolicyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoContentPolicyException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoContentPolicyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoContentPolicyException"/> class.</summary>
    /// <param name="provider">The generator registration name.</param>
    /// <param name="message">The message (already redacted).</param>
    /// <param name="statusCode">The HTTP status, when there was a response.</param>
    /// <param name="providerErrorCode">The gateway's error code.</param>
    /// <param name="innerException">The cause.</param>
    public VideoContentPolicyException(string? provider, string message, int? statusCode, string? providerErrorCode = null, Exception? innerException = null)
        : base(provider, message, statusCode, providerErrorCode, innerException)
    {
    }
}
