namespace SoraClient;

/// <summary>A job ended <see cref="VideoJobStatus.Failed"/>, <see cref="VideoJobStatus.Canceled"/> or <see cref="VideoJobStatus.Expired"/>.</summary>
public class VideoJobFailedException : VideoGenerationException
{
    /// <summary>Initializes a new instance of the <see cref="VideoJobFailedException"/> class.</summary>
    public VideoJobFailedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobFailedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoJobFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobFailedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoJobFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobFailedException"/> class.</summary>
    /// <param name="job">The finished job.</param>
    public VideoJobFailedException(VideoJob job)
        : base(job?.Provider, Describe(job ?? throw new ArgumentNullException(nameof(job))))
    {
        Job = job;
        JobId = job.Id;
    }

    /// <summary>Gets the finished job, with its <see cref="VideoJob.Error"/>.</summary>
    public VideoJob? Job { get; }

    private static string Describe(VideoJob job) => job.Error is { } error
        ? $"{job.Provider} job {job.Id} ended {job.Status} ({error.Category}{(error.Code is null ? string.Empty : ", " + error.Code)}): {error.Message}"
        : $"{job.Provider} job {job.Id} ended {job.Status}.";
}
