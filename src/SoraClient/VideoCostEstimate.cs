namespace SoraClient;

/// <summary>What a request would cost, computed from the capability data before anything is sent.</summary>
/// <param name="Amount">The price.</param>
/// <param name="Currency">The currency of <paramref name="Amount"/>.</param>
/// <param name="Settings">The settings the request would be sent with.</param>
// Positional on purpose: a value of three parts, like a tuple, that is not expected to grow.
public sealed record VideoCostEstimate(decimal Amount, string Currency, VideoGenerationSettings Settings);
