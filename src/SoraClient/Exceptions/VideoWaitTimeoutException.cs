namespace SoraClient;

/// <summary>
/// The wait deadline passed before the job finished. The job keeps running on the gateway: wait again later
/// with <see cref="LastJob"/>'s id (or its <see cref="VideoJob.Reference"/>).
/// </summary>
public class VideoWaitTimeoutException : VideoGenerationException
{
    /// <summary>Initializes a new instance of the <see cref="VideoWaitTimeoutException"/> class.</summary>
    public VideoWaitTimeoutException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoWaitTimeoutException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoWaitTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoWaitTimeoutException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoWaitTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoWaitTimeoutException"/> class.</summary>
    /// <param name="lastJob">The last state read.</param>
    /// <param name="timeout">The wait's time limit.</param>
    public VideoWaitTimeoutException(VideoJob lastJob, TimeSpan timeout)
        : base(lastJob?.Provider, $"Gave up waiting for {lastJob?.Provider} job {lastJob?.Id} after {timeout}; it was {lastJob?.Status}. Resume with '{lastJob?.Reference}'.")
    {
        LastJob = lastJob;
        Timeout = timeout;
        JobId = lastJob?.Id;
    }

    /// <summary>Gets the last state read before the deadline.</summary>
    public VideoJob? LastJob { get; }

    /// <summary>Gets the wait's time limit.</summary>
    public TimeSpan Timeout { get; }
}
