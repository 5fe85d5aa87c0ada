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
}
