namespace SoraClient;

/// <summary>
/// The create request may have reached the gateway, but no usable answer came back (a timeout or a dropped
/// connection after sending, or an HTTP 500/502/504). The job may exist and may be billed, so SoraClient never
/// retries it automatically. Look for the job on the gateway (for example its job list) before submitting again.
/// </summary>
public class VideoSubmissionUncertainException : VideoGenerationException
{
    /// <summary>Initializes a new instance of the <see cref="VideoSubmissionUncertainException"/> class.</summary>
    public VideoSubmissionUncertainException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoSubmissionUncertainException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoSubmissionUncertainException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoSubmissionUncertainException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoSubmissionUncertainException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoSubmissionUncertainException"/> class.</summary>
    /// <param name="provider">The generator registration name.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">What went wrong after the request was sent.</param>
    public VideoSubmissionUncertainException(string? provider, string message, Exception? innerException)
        : base(provider, message, innerException)
    {
    }
}
