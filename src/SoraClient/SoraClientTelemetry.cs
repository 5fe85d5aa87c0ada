namespace SoraClient;

/// <summary>
/// The names SoraClient's traces and metrics are published under, for OpenTelemetry's
/// <c>AddSource(SoraClientTelemetry.ActivitySourceName)</c> and <c>AddMeter(SoraClientTelemetry.MeterName)</c>.
/// The library uses <see cref="System.Diagnostics"/> only; any collector can listen.
/// </summary>
public static class SoraClientTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of every HTTP attempt and, by default, of <c>UseOpenTelemetry()</c>'s spans.</summary>
    public const string ActivitySourceName = "SoraClient";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of the request and poll counters and, by default, of <c>UseOpenTelemetry()</c>'s metrics.</summary>
    public const string MeterName = "SoraClient";
}
