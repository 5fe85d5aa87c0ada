// Telemetry: one video generated with traces and metrics written by the OpenTelemetry console exporter.
//
//   dotnet run --project samples/Telemetry -- "a lighthouse at dusk"
//
// With no SORA_API_KEY set it runs against the built-in emulator (OpenAI's protocol); with SORA_API_KEY and
// SORA_BASE_URL (an OpenAI-compatible gateway such as https://api.apiyi.com/v1) it uses that gateway.
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SoraClient;
using SoraClient.Emulator;

var prompt = args.Length > 0 ? string.Join(' ', args) : "a lighthouse at dusk";
var apiKey = Environment.GetEnvironmentVariable("SORA_API_KEY");
Uri? baseUrl = null;
if (Environment.GetEnvironmentVariable("SORA_BASE_URL") is { Length: > 0 } url
    && !(Uri.TryCreate(url, UriKind.Absolute, out baseUrl) && baseUrl.Scheme is "http" or "https"))
{
    Console.Error.WriteLine($"SORA_BASE_URL '{url}' is not an absolute http or https URL (for example https://api.apiyi.com/v1).");
    return 2;
}

await using var emulator = string.IsNullOrWhiteSpace(apiKey)
    ? await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromSeconds(3) })
    : null;

// 1. The exporters: the SDK's spans and instruments are found by the names in SoraClientTelemetry, no magic strings.
//    (A hosted app calls builder.Services.AddOpenTelemetry().WithTracing(...).WithMetrics(...) instead.)
using var tracing = Sdk.CreateTracerProviderBuilder()
    .AddSource(SoraClientTelemetry.ActivitySourceName)
    .AddConsoleExporter()
    .Build();
var metrics = Sdk.CreateMeterProviderBuilder()
    .AddMeter(SoraClientTelemetry.MeterName)
    .AddConsoleExporter()
    .Build();

// 2. The registration: UseOpenTelemetry() adds a span per operation (submit, wait, download...) with the GenAI
//    semantic-convention attributes, around the per-HTTP-attempt spans the adapters always emit.
var services = new ServiceCollection();
services.AddSoraClient()
    .AddOpenAI(o =>
    {
        o.Endpoint = emulator?.OpenAIEndpoint ?? baseUrl ?? o.Endpoint;
        o.ApiKey = emulator?.ApiKey ?? apiKey;
    })
    .UseOpenTelemetry();
await using var provider = services.BuildServiceProvider();

try
{
    var generator = provider.GetRequiredService<IVideoGenerator>();
    var job = await generator.GenerateAsync(new VideoGenerationRequest(prompt) { DurationSeconds = 4 });
    var path = await generator.DownloadToFileAsync(job, Path.Combine(Path.GetTempPath(), $"{job.Id}.mp4"));
    Console.WriteLine($"Saved {new FileInfo(path).Length:N0} bytes to {path}");
    File.Delete(path); // the point of this sample is the telemetry above and below, not the file
}
catch (Exception ex) when (ex is VideoGenerationException or InvalidOperationException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
finally
{
    metrics.Dispose(); // exports the metrics collected so far
}

return 0;
