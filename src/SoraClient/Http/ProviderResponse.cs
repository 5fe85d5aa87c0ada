namespace SoraClient.Http;

/// <summary>A successful, parsed gateway response and the hints its headers carried.</summary>
/// <typeparam name="T">The parsed body.</typeparam>
/// <param name="Value">The parsed body.</param>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="RequestId">The gateway's request id, when sent.</param>
/// <param name="PollAfter">When the gateway asked to be polled again, when it said.</param>
internal sealed record ProviderResponse<T>(T Value, int StatusCode, string? RequestId, TimeSpan? PollAfter);
