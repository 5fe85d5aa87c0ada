using Polly;

namespace SoraClient.Http;

/// <summary>Names the <see cref="RequestLimiter"/> in Polly's telemetry; its settings are the provider options'.</summary>
internal sealed class RequestLimiterOptions : ResilienceStrategyOptions
{
    public RequestLimiterOptions() => Name = "SoraClient.RequestLimit";
}
