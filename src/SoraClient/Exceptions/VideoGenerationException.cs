namespace SoraClient;

/// <summary>The base of every error SoraClient raises about a gateway or a job.</summary>
public class VideoGenerationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="VideoGenerationException"/> class.</summary>
    public VideoGenerationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoGenerationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoGenerationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoGenerationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoGenerationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoGenerationException"/> class.</summary>
    /// <param name="provider">The generator registration name.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoGenerationException(string? provider, string message, Exception? innerException = null)
        : base(message, innerException) => Provider = provider;

    /// <summary>Gets the name of the generator registration the error came from.</summary>
    public string? Provider { get; }

    /// <summary>
    /// Gets the id of the job the error is about, when the call concerned a known job (a wait, a status read or a download
    /// after the job was submitted); <see langword="null"/> for errors before a job existed.
    /// </summary>
    public string? JobId { get; internal set; }

    /// <summary>Gets <c>{provider}:{id}</c> of the job the error is about, to find it again; <see langword="null"/> when <see cref="JobId"/> is.</summary>
    public VideoJobReference? JobReference => Provider is { Length: > 0 } provider && JobId is { Length: > 0 } id ? new VideoJobReference(provider, id) : null;

    /// <summary>Records which job the error is about, unless it already names one.</summary>
    internal void NameJob(string? jobId) => JobId ??= jobId;
}
