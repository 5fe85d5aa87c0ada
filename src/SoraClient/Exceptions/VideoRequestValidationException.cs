namespace SoraClient;

/// <summary>
/// A request value is invalid for the chosen model (or missing), detected before anything was sent.
/// The message names the setting and the allowed values. It is an <see cref="ArgumentException"/>, so
/// <see cref="ArgumentException.ParamName"/> names the request property.
/// </summary>
public class VideoRequestValidationException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="VideoRequestValidationException"/> class.</summary>
    public VideoRequestValidationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoRequestValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoRequestValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoRequestValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoRequestValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoRequestValidationException"/> class.</summary>
    /// <param name="provider">The generator registration name.</param>
    /// <param name="propertyName">The request property at fault, for example <c>DurationSeconds</c>; becomes <see cref="ArgumentException.ParamName"/>.</param>
    /// <param name="message">The message, naming the allowed values.</param>
    /// <param name="allowedValues">The allowed values, when the set is finite.</param>
    public VideoRequestValidationException(string? provider, string propertyName, string message, IReadOnlyList<string>? allowedValues = null)
        : base(message, propertyName)
    {
        Provider = provider;
        AllowedValues = allowedValues ?? [];
    }

    /// <summary>Gets the name of the generator registration that rejected the request.</summary>
    public string? Provider { get; }

    /// <summary>Gets the allowed values, when the set is finite.</summary>
    public IReadOnlyList<string> AllowedValues { get; } = [];
}
