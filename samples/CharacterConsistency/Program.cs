// CharacterConsistency: make a character once, then feature it in two videos that keep its look.
//
//   dotnet run --project samples/CharacterConsistency
//
// With no GRSAI_API_KEY set it runs against the built-in emulator (no account, no cost).
// With GRSAI_API_KEY set it uses GrsAI (GRSAI_ENDPOINT=mainland for the China host). Then, by default, it first
// generates a short video and creates the character from it (GrsAI allows AI-generated people that way); set
// CHARACTER_CLIP_URL to upload your own clip instead (cartoon or anime characters only: GrsAI refuses real people).
// On GrsAI this costs about $0.25: three clips at $0.08 and one character at $0.01.
using SoraClient;
using SoraClient.Emulator;
using SoraClient.Providers.GrsAI;
using SoraClient.Samples;

// 1. Read the environment (bad values are one clear line and exit code 2), then pick the gateway: GrsAI, or the
//    emulator started in this process.
var host = Environment.GetEnvironmentVariable("GRSAI_ENDPOINT") is { Length: > 0 } named ? named.Trim().ToLowerInvariant() : "overseas";
if (host is not ("overseas" or "mainland"))
{
    Console.Error.WriteLine($"GRSAI_ENDPOINT '{host}' is not known; use overseas or mainland.");
    return 2;
}

Uri? clipUrl = null;
if (Environment.GetEnvironmentVariable("CHARACTER_CLIP_URL") is { Length: > 0 } clip
    && !(Uri.TryCreate(clip, UriKind.Absolute, out clipUrl) && clipUrl.Scheme is "http" or "https"))
{
    Console.Error.WriteLine($"CHARACTER_CLIP_URL '{clip}' is not an absolute http or https URL.");
    return 2;
}

var apiKey = Environment.GetEnvironmentVariable("GRSAI_API_KEY");
await using var emulator = string.IsNullOrWhiteSpace(apiKey)
    ? await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromSeconds(6) })
    : null;

var options = emulator is not null
    ? new GrsAIOptions { ProviderName = "emulator", Endpoint = emulator.GrsAIEndpoint, ApiKey = emulator.ApiKey }
    : new GrsAIOptions
    {
        ApiKey = apiKey,
        Endpoint = host == "mainland" ? GrsAIEndpoints.Mainland : GrsAIEndpoints.Overseas,
    };
Console.WriteLine(emulator is not null
    ? $"No GRSAI_API_KEY set: using the built-in emulator at {options.Endpoint}"
    : $"Using GrsAI at {options.Endpoint}");

// 2. Create the generator. (Apps register it with services.AddSoraClient().AddGrsAI(...) instead.)
using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan }; // redirects are the adapter's to follow
using IVideoGenerator generator = new GrsAIVideoGenerator(http, options);
var characters = generator.GetRequiredService<IVideoCharacterClient>(); // GrsAI's characters, behind a neutral interface

try
{
    // 3. Make the character: upload a clip, or create it from a video generated now (the first three seconds of it).
    VideoCharacter character;
    if (clipUrl is not null)
    {
        Console.WriteLine($"Uploading the character clip {clipUrl} ...");
        character = await characters.UploadCharacterAsync(VideoInput.FromUri(clipUrl), TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }
    else
    {
        Console.WriteLine("Generating a video to take the character from ...");
        var source = await generator.GenerateAsync(
            new VideoGenerationRequest("A friendly orange robot with round blue eyes waves at the camera, studio light") { AspectRatio = VideoAspectRatio.Portrait },
            progress: new ConsoleProgress());
        Console.WriteLine();
        var pid = source.Assets[0].ProviderReference!; // GrsAI's pid: what remixes and characters are made from
        character = await characters.CreateCharacterAsync(pid, TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }

    Console.WriteLine($"Character ready: @{character.Id}");

    // 4. Feature it in two videos. Its id goes into Characters; the adapter writes "@id" into the prompt exactly once.
    //    The first follows the job by polling; the second reads GrsAI's streamed progress instead.
    string[] scenes =
    [
        "The robot waters plants on a sunny balcony",
        "The robot skates across a frozen lake at dusk",
    ];
    VideoDeliveryMode[] modes = [VideoDeliveryMode.Polling, VideoDeliveryMode.Streaming];
    for (var i = 0; i < scenes.Length; i++)
    {
        var request = new VideoGenerationRequest(scenes[i])
        {
            Characters = [character.Id],
            AspectRatio = VideoAspectRatio.Landscape,
            DurationSeconds = 10,
        };
        Console.WriteLine($"Scene {i + 1} ({modes[i]}): {scenes[i]}");
        var job = await generator.GenerateAsync(request, new VideoGenerationOptions { DeliveryMode = modes[i] }, progress: new ConsoleProgress());
        Console.WriteLine();

        // 5. Download promptly: GrsAI keeps results for two hours (job.ExpiresAt).
        var path = await generator.DownloadToFileAsync(job, $"scene-{i + 1}-{job.Id}.mp4");
        Console.WriteLine($"Saved {new FileInfo(path).Length:N0} bytes to {path} (the link expires at {job.ExpiresAt:u})");
    }

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
