using Microsoft.Extensions.Logging;
using SoraClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Middleware for a registered generator.</summary>
public static class VideoProviderBuilderExtensions
{
    /// <summary>Logs each call of the registration's generator through the registered <see cref="ILoggerFactory"/>.</summary>
    /// <param name="builder">The provider builder.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder UseLogging(this IVideoProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => services.GetService<ILoggerFactory>() is { } factory
            ? new LoggingVideoGenerator(inner, factory.CreateLogger<LoggingVideoGenerator>())
            : inner);
    }

    /// <summary>
    /// Traces and times each call of the registration's generator (GenAI semantic conventions; no prompts by default).
    /// Listen with OpenTelemetry's <c>AddSource(SoraClientTelemetry.ActivitySourceName)</c> and <c>AddMeter(SoraClientTelemetry.MeterName)</c>.
    /// </summary>
    /// <param name="builder">The provider builder.</param>
    /// <param name="sourceName">The activity source and meter name; <see cref="SoraClientTelemetry.ActivitySourceName"/> when <see langword="null"/>.</param>
    /// <param name="configure">Adjusts the layer, for example sets <see cref="OpenTelemetryVideoGenerator.EnableSensitiveData"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder UseOpenTelemetry(this IVideoProviderBuilder builder, string? sourceName = null, Action<OpenTelemetryVideoGenerator>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, _) =>
        {
            var generator = new OpenTelemetryVideoGenerator(inner, sourceName);
            configure?.Invoke(generator);
            return generator;
        });
    }
}
