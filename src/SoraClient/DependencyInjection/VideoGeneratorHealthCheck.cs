using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A health check for one registration: healthy when its generator can be built (options valid: key, endpoint,
/// models), unhealthy with the validation message otherwise. It sends no request: no gateway offers a free status
/// endpoint, and a create costs money. Add it with
/// <c>services.AddHealthChecks().Add(VideoGeneratorHealthCheck.Registration("apiyi"))</c>.
/// </summary>
public sealed class VideoGeneratorHealthCheck : IHealthCheck
{
    private readonly IServiceProvider _services;
    private readonly string _providerName;

    /// <summary>Initializes a new instance of the <see cref="VideoGeneratorHealthCheck"/> class.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="providerName">The registration name.</param>
    public VideoGeneratorHealthCheck(IServiceProvider services, string providerName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        _services = services;
        _providerName = providerName;
    }

    /// <summary>A registration named <c>sora:{providerName}</c>, tagged <c>sora</c>, for <c>AddHealthChecks().Add(...)</c>.</summary>
    /// <param name="providerName">The registration name (<c>openai</c>, <c>grsai</c>... for an unnamed registration).</param>
    /// <returns>The registration.</returns>
    public static HealthCheckRegistration Registration(string providerName) =>
        new($"sora:{providerName}", services => new VideoGeneratorHealthCheck(services, providerName), failureStatus: null, tags: ["sora"]);

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var resolver = _services.GetService<SoraClient.IVideoGeneratorResolver>();
            var generator = resolver?.GetGenerator(_providerName) ?? _services.GetRequiredKeyedService<SoraClient.IVideoGenerator>(_providerName);
            var metadata = generator.GetService(typeof(SoraClient.VideoGeneratorMetadata)) as SoraClient.VideoGeneratorMetadata;
            return Task.FromResult(HealthCheckResult.Healthy($"{_providerName} is configured for {metadata?.Endpoint?.Host}",
                new Dictionary<string, object>(StringComparer.Ordinal) { ["provider"] = _providerName, ["endpoint"] = metadata?.Endpoint?.GetLeftPart(UriPartial.Path) ?? string.Empty }));
        }
        catch (Exception ex) when (ex is OptionsValidationException or SoraClient.VideoGenerationException or InvalidOperationException or ArgumentException)
        {
            return Task.FromResult(new HealthCheckResult(context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy, ex.Message, ex));
        }
    }
}
