namespace SoraClient.Http;

/// <summary>What a gateway error means for the caller; decides the exception type.</summary>
internal enum ProviderErrorKind
{
    Unknown,
    InvalidRequest,
    Authentication,
    RateLimit,
    Quota,
    ContentPolicy,
    NotFound,
    Transient,
}
