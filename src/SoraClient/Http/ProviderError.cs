namespace SoraClient.Http;

/// <summary>An error a gateway reported, read from its status line and body by the adapter's parser.</summary>
/// <param name="Kind">What the error means.</param>
/// <param name="Code">The gateway's error code.</param>
/// <param name="Message">The gateway's message.</param>
internal sealed record ProviderError(ProviderErrorKind Kind, string? Code, string Message)
{
    /// <summary>Gets a request id found in the body (some gateways put it there instead of a header).</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets a retry delay found in the body.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The meaning of an HTTP status when the body says nothing more precise.</summary>
    public static ProviderErrorKind KindOf(int statusCode) => statusCode switch
    {
        401 or 403 => ProviderErrorKind.Authentication,
        402 => ProviderErrorKind.Quota,
        404 or 410 => ProviderErrorKind.NotFound,
        408 or 409 or 425 => ProviderErrorKind.Transient,
        429 => ProviderErrorKind.RateLimit,
        >= 500 => ProviderErrorKind.Transient,
        >= 400 => ProviderErrorKind.InvalidRequest,
        _ => ProviderErrorKind.Unknown,
    };
}
