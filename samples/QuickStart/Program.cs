// QuickStart: generate one video and save it as an .mp4 in the current folder.
//
//   dotnet run --project samples/QuickStart -- "a cat playing with yarn"
//
// With no SORA_API_KEY set it runs against the built-in emulator (no account, no cost).
// With SORA_PROVIDER (openai | apiyi | azure | grsai), SORA_BASE_URL and SORA_API_KEY set it uses that gateway.
using SoraClient;
using SoraClient.Emulator;
using SoraClient.Providers.GrsAI;
using SoraClient.Providers.OpenAI;
using SoraClient.Samples;

var prompt = args.Length > 0 ? string.Join(' ', args) : "a cat playing with yarn";

// 1. Pick the gateway: a real one from the environment, or the emulator started in this process.
var apiKey = Environment.GetEnvironmentVariable("SORA_API_KEY");
await using var emulator = string.IsNullOrWhiteSpace(apiKey)
    ? await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromSeconds(6) })
    : null;

OpenAIOptions options;
try
{
    options = emulator is not null
        ? new OpenAIOptions { ProviderName = "emulator", Endpoint = emulator.OpenAIEndpoint, ApiKey = emulator.ApiKey }
        : GatewayFromEnvironment(apiKey!);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

Console.WriteLine(emulator is not null
    ? $"No SORA_API_KEY set: using the built-in emulator at {emulator.OpenAIEndpoint}"
    : $"Using {options.ProviderName} at {options.Endpoint}");

// 2. Create the generator. (Apps register it with services.AddSoraClient().AddOpenAI(...) or .AddGrsAI(...) instead.)
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
using IVideoGenerator generator = string.Equals(options.ProviderName, "grsai", StringComparison.Ordinal)
    ? new GrsAIVideoGenerator(http, new GrsAIOptions { ProviderName = "grsai", ApiKey = options.ApiKey, Endpoint = options.Endpoint })
    : new OpenAIVideoGenerator(http, options);

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

static OpenAIOptions GatewayFromEnvironment(string apiKey)
{
    var provider = (Environment.GetEnvironmentVariable("SORA_PROVIDER") ?? "openai").ToLowerInvariant();
    var baseUrl = Environment.GetEnvironmentVariable("SORA_BASE_URL");
    var endpoint = provider switch
    {
        "openai" => baseUrl ?? "https://api.openai.com/v1",
        "apiyi" => baseUrl ?? "https://api.apiyi.com/v1",
        "azure" => baseUrl ?? throw new InvalidOperationException("SORA_PROVIDER=azure needs SORA_BASE_URL, e.g. https://<resource>.openai.azure.com/openai/v1"),
        "grsai" => baseUrl ?? GrsAIEndpoints.Overseas.ToString(), // or https://grsai.dakka.com.cn from mainland China
        _ => throw new InvalidOperationException($"SORA_PROVIDER '{provider}' is not supported by this sample; use openai, apiyi, azure or grsai."),
    };
    var options = new OpenAIOptions { ProviderName = provider, Endpoint = new Uri(endpoint), ApiKey = apiKey };
    if (Environment.GetEnvironmentVariable("SORA_MODEL") is { Length: > 0 } model && OpenAIModels.All.All(m => m.Model != model))
    {
        // An Azure deployment name, say: treat it as sora-2.
        options.Models.Add(OpenAIModels.Sora2.WithModel(model));
    }

    return options;
}
