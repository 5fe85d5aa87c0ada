using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SoraClient.Http;

/// <summary>The library's traces and metrics, both named <c>SoraClient</c>. No OpenTelemetry dependency: listen with any collector.</summary>
internal static class SoraTelemetry
{
    public const string Name = SoraClientTelemetry.ActivitySourceName;

    public static readonly ActivitySource Source = new(Name, typeof(SoraTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(SoraClientTelemetry.MeterName, typeof(SoraTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>HTTP attempts, tagged with provider, operation and outcome.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("sora.client.requests", "{request}", "HTTP attempts sent to a gateway.");

    /// <summary>Time to the response headers of each HTTP attempt.</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("sora.client.request.duration", "s", "Time to the response headers of an HTTP attempt.");

    /// <summary>Status reads made while waiting for jobs.</summary>
    public static readonly Counter<long> Polls = Meter.CreateCounter<long>("sora.client.polls", "{read}", "Status reads made while waiting for jobs.");
}
