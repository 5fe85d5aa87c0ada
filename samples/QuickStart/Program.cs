// QuickStart: generate one video and save it as an .mp4 in the current folder.
//
//   dotnet run --project samples/QuickStart -- "a cat playing with yarn"
//
// With no SORA_API_KEY set it runs against the built-in emulator (no account, no cost), speaking the protocol of
// SORA_PROVIDER when that is grsai, acedata or aivideoapi, the OpenAI-compatible one otherwise.
// With SORA_PROVIDER (openai | apiyi | azure | grsai | acedata | aivideoapi), SORA_API_KEY and, if needed, SORA_BASE_URL
// set it uses that gateway.
using SoraClient;
using SoraClient.Emulator;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.GrsAI;
using SoraClient.Providers.OpenAI;
using SoraClient.Samples;

var prompt = args.Length > 0 ? string.Join(' ', args) : "a cat playing with yarn";

// 1. Read the environment (bad values are one clear line and exit code 2), then pick the gateway: a real one, or
//    the emulator started in this process.
string[] providers = ["openai", "apiyi", "azure", "grsai", "acedata", "aivideoapi"];
var provider = (Environment.GetEnvironmentVariable("SORA_PROVIDER") is { Length: > 0 } named ? named : "openai").Trim().ToLowerInvariant();
if (!providers.Contains(provider))
{
    Console.Error.WriteLine($"SORA_PROVIDER '{provider}' is not known; use one of {string.Join(", ", providers)}.");
    return 2;
}

Uri? baseUrl = null;
if (Environment.GetEnvironmentVariable("SORA_BASE_URL") is { Length: > 0 } url
    && !(Uri.TryCreate(url, UriKind.Absolute, out baseUrl) && baseUrl.Scheme is "http" or "https"))
{
    Console.Error.WriteLine($"SORA_BASE_URL '{url}' is not an absolute http or https URL (for example https://api.apiyi.com/v1).");
    return 2;
}

var apiKey = Environment.GetEnvironmentVariable("SORA_API_KEY");
await using var emulator = string.IsNullOrWhiteSpace(apiKey)
    ? await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromSeconds(6) })
    : null;

// 2. Create the generator. (Apps register it with services.AddSoraClient().AddOpenAI(...), .AddGrsAI(...)... instead.)
using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan }; // redirects are the adapter's to follow
IVideoGenerator selected;
try
{
    selected = emulator is not null ? EmulatedGateway(http, provider, emulator) : GatewayFromEnvironment(http, provider, baseUrl, apiKey!);
}
catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
{
    Console.Error.WriteLine(ex.Message); // a setting the adapter refuses, for example an unknown SORA_MODEL default
    return 2;
}

using var generator = selected;
var gateway = generator.GetRequiredService<VideoGeneratorMetadata>();
Console.WriteLine(emulator is not null
    ? $"No SORA_API_KEY set: using the built-in emulator at {gateway.Endpoint}"
    : $"Using {gateway.ProviderName} at {gateway.Endpoint}");

var request = new VideoGenerationRequest(prompt)
{
    Model = Environment.GetEnvironmentVariable("SORA_MODEL"),
    AspectRatio = VideoAspectRatio.Landscape,
    DurationSeconds = 4,
};

// Gateways differ: GrsAI makes 10 or 15 s clips, so "nearest" turns the 4 s above into 10 s there instead of refusing it.
var generation = new VideoGenerationOptions { Normalization = VideoNormalization.Nearest };

try
{
    // 3. Say what it will cost, then submit and wait, showing progress.
    if (generator.EstimateCost(request, generation) is { } cost)
    {
        Console.WriteLine($"Estimated cost: {cost.Amount:0.00} {cost.Currency} ({cost.Settings.DurationSeconds} s at {cost.Settings.Size}, {cost.Settings.Model})");
    }

    var job = await generator.GenerateAsync(request, generation, progress: new ConsoleProgress());
    Console.WriteLine();

    // 4. Stream the video to disk (resumes by itself if the connection drops).
    var path = await generator.DownloadToFileAsync(job, $"{job.Id}.mp4");
    Console.WriteLine($"Saved {new FileInfo(path).Length:N0} bytes to {path}");
    return 0;
}
catch (VideoRequestValidationException ex)
{
    Console.Error.WriteLine($"Invalid request: {ex.Message}");
    return 2;
}
catch (VideoJobFailedException ex)
{
    Console.Error.WriteLine($"{Environment.NewLine}The job failed: {ex.Message}");
    return 1;
}
catch (VideoWaitTimeoutException ex)
{
    Console.Error.WriteLine($"{Environment.NewLine}Still running after {ex.Timeout}; resume later with job '{ex.LastJob?.Reference}'.");
    return 4;
}
catch (VideoGenerationException ex)
{
    Console.Error.WriteLine($"{Environment.NewLine}{ex.Message}");
    return 3;
}

static IVideoGenerator EmulatedGateway(HttpClient http, string provider, SoraEmulator emulator) =>
    provider switch
    {
        "grsai" => new GrsAIVideoGenerator(http, new GrsAIOptions { ProviderName = "emulator", Endpoint = emulator.GrsAIEndpoint, ApiKey = emulator.ApiKey }),
        "acedata" => new AceDataVideoGenerator(http, new AceDataOptions { ProviderName = "emulator", Endpoint = emulator.AceDataEndpoint, ApiKey = emulator.ApiKey }),
        "aivideoapi" => new AIVideoApiVideoGenerator(http, new AIVideoApiOptions { ProviderName = "emulator", Endpoint = emulator.AIVideoApiEndpoint, ApiKey = emulator.ApiKey }),
        _ => new OpenAIVideoGenerator(http, new OpenAIOptions { ProviderName = "emulator", Endpoint = emulator.OpenAIEndpoint, ApiKey = emulator.ApiKey }),
    };

static IVideoGenerator GatewayFromEnvironment(HttpClient http, string provider, Uri? baseUrl, string apiKey)
{
    switch (provider)
    {
        case "grsai":
            return new GrsAIVideoGenerator(http, new GrsAIOptions { ProviderName = provider, Endpoint = baseUrl ?? GrsAIEndpoints.Overseas, ApiKey = apiKey });
        case "acedata":
            return new AceDataVideoGenerator(http, new AceDataOptions { ProviderName = provider, Endpoint = baseUrl, ApiKey = apiKey });
        case "aivideoapi":
            return new AIVideoApiVideoGenerator(http, new AIVideoApiOptions { ProviderName = provider, Endpoint = baseUrl, ApiKey = apiKey });
    }

    var endpoint = provider switch
    {
        "apiyi" => baseUrl ?? new Uri("https://api.apiyi.com/v1"),
        "azure" => baseUrl ?? throw new InvalidOperationException("SORA_PROVIDER=azure needs SORA_BASE_URL, e.g. https://<resource>.openai.azure.com/openai/v1"),
        _ => baseUrl ?? new Uri("https://api.openai.com/v1"),
    };
    var options = new OpenAIOptions { ProviderName = provider, Endpoint = endpoint, ApiKey = apiKey };
    if (Environment.GetEnvironmentVariable("SORA_MODEL") is { Length: > 0 } model && OpenAIModels.All.All(m => m.Model != model))
    {
        // An Azure deployment name, say: treat it as sora-2.
        options.Models.Add(OpenAIModels.Sora2.WithModel(model));
    }

    return new OpenAIVideoGenerator(http, options);
}
