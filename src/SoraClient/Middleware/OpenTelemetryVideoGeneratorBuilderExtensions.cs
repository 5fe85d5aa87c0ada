namespace SoraClient;

/// <summary>Adds <see cref="OpenTelemetryVideoGenerator"/> to a <see cref="VideoGeneratorBuilder"/>.</summary>
public static class OpenTelemetryVideoGeneratorBuilderExtensions
{
    /// <summary>Traces and times each call of the generators built after this layer (GenAI semantic conventions; no prompts by default).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="sourceName">The activity source and meter name; <see cref="SoraClientTelemetry.ActivitySourceName"/> when <see langword="null"/>.</param>
    /// <param name="configure">Adjusts the layer, for example sets <see cref="OpenTelemetryVideoGenerator.EnableSensitiveData"/>.</param>
    /// <returns>The builder.</returns>
    public static VideoGeneratorBuilder UseOpenTelemetry(this VideoGeneratorBuilder builder, string? sourceName = null, Action<OpenTelemetryVideoGenerator>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner =>
        {
            var generator = new OpenTelemetryVideoGenerator(inner, sourceName);
            configure?.Invoke(generator);
            return generator;
        });
    }
}
