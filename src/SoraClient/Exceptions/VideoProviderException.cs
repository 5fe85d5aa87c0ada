namespace SoraClient;

/// <summary>
/// A gateway answered with an error: a non-success HTTP status, or an error envelope inside a 2xx body.
/// The message has one line: <c>{Provider} returned HTTP {status} ({code}): {message} [request id {id}]</c>.
/// </summary>
public class VideoProviderException : VideoGenerationException
{
    /// <summary>Initializes a new instance of the <see cref="VideoProviderException"/> class.</summary>
    public VideoProviderException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoProviderException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VideoProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoProviderException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VideoProviderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoProviderException"/> class.</summary>
    /// <param name="provider">The generator registration name.</param>
    /// <param name="message">The message (already redacted).</param>
    /// <param name="statusCode">The HTTP status, when there was a response.</param>
    /// <param name="providerErrorCode">The gateway's error code.</param>
    /// <param name="innerException">The cause.</param>
    public VideoProviderException(string? provider, string message, int? statusCode, string? providerErrorCode = null, Exception? innerException = null)
        : base(provider, message, innerException)
    {
        StatusCode = statusCode;
        ProviderErrorCode = providerErrorCode;
    }

    /// <summary>Gets the HTTP status, when there was a response.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the gateway's error code (for example <c>invalid_api_key</c>, or GrsAI's <c>-1</c>).</summary>
    public string? ProviderErrorCode { get; }

    /// <summary>Gets the gateway's request id (from <c>x-request-id</c> or the body), for support tickets.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets how long the gateway asked the client to wait before trying again, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets a value indicating whether the same call may succeed later.</summary>
    public bool IsTransient { get; init; }

    /// <summary>Gets the start of the response body, with secrets redacted.</summary>
    public string? ResponseBody { get; init; }
}
