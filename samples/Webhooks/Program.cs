// Webhooks: an ASP.NET Core app that receives a gateway's callbacks, submits one job and logs its updates as they
// arrive; the wait ends when the callback comes (confirmed by one status read), not after rounds of polling.
//
//   dotnet run --project samples/Webhooks
//
// With no SORA_API_KEY set it runs against the built-in emulator (AceData's protocol), which calls this app back on
// 127.0.0.1. With SORA_PROVIDER (grsai | acedata | aivideoapi), SORA_API_KEY and SORA_PUBLIC_BASE_URL (the address the
// gateway reaches this app at, for example an https tunnel to port 5080) it uses that gateway.
using SoraClient;
using SoraClient.AspNetCore;
using SoraClient.Emulator;
using SoraClient.Samples;

var apiKey = Environment.GetEnvironmentVariable("SORA_API_KEY");
var provider = Environment.GetEnvironmentVariable("SORA_PROVIDER") ?? "acedata";
var listenOn = new Uri("http://127.0.0.1:5080/");
var publicBase = Environment.GetEnvironmentVariable("SORA_PUBLIC_BASE_URL") is { Length: > 0 } configured ? new Uri(configured) : listenOn;

// 1. The gateway: a real one from the environment, or the emulator started in this process.
await using var emulator = string.IsNullOrWhiteSpace(apiKey)
    ? await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromSeconds(6) })
    : null;
var endpoint = emulator?.GetEndpoint(provider) ?? (Environment.GetEnvironmentVariable("SORA_BASE_URL") is { Length: > 0 } url ? new Uri(url) : null);
apiKey = emulator?.ApiKey ?? apiKey;

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls(listenOn.AbsoluteUri);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning); // ASP.NET Core's request log would show callback tokens

// 2. The registration, with webhooks. A real app keeps the signing key in its configuration (Sora:Webhooks:SigningKeys:0):
//    URLs signed with a key that is gone are refused, so a key made at start only lives as long as the process.
var webhooks = (SoraWebhookOptions o) =>
{
    o.PublicBaseUri = publicBase;
    o.SigningKeys = [builder.Configuration["Sora:Webhooks:SigningKeys:0"] ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))];
};
var sora = builder.Services.AddSoraClient();
_ = provider switch
{
    "grsai" => sora.AddGrsAI(o => (o.ApiKey, o.Endpoint) = (apiKey, endpoint ?? o.Endpoint)).AddWebhooks(webhooks),
    "aivideoapi" => sora.AddAIVideoApi(o => (o.ApiKey, o.Endpoint) = (apiKey, endpoint ?? o.Endpoint)).AddWebhooks(webhooks),
    _ => sora.AddAceData(o => (o.ApiKey, o.Endpoint) = (apiKey, endpoint ?? o.Endpoint)).AddWebhooks(webhooks),
};

// 3. Confirmed updates reach user code here, off the request thread.
builder.Services.AddSingleton<IVideoJobEventHandler, LogUpdates>();

var app = builder.Build();
app.MapSoraWebhooks("/sora/webhooks"); // a RouteGroupBuilder: add .RequireRateLimiting(...), filters... here
await app.StartAsync();

// 4. Submit one job and wait: the wait sleeps until the callback arrives (with a read every 2 minutes in case it never does).
var generator = app.Services.GetRequiredService<IVideoGenerator>();
Console.WriteLine($"Listening on {listenOn}; gateway: {(emulator is null ? provider : $"the built-in emulator ({provider} protocol), no SORA_API_KEY set")}");
try
{
    var job = await generator.GenerateAsync(new VideoGenerationRequest("a paper boat on a rainy street") { DurationSeconds = 10 },
        new VideoGenerationOptions { Normalization = VideoNormalization.Nearest });
    Console.WriteLine($"Done: {job.Reference} {job.Status}, video at {(job.Assets.Count > 0 ? job.Assets[0].Uri : null)}");
    return 0;
}
catch (VideoGenerationException ex)
{
    Console.Error.WriteLine($"The job did not finish: {ex.Message}");
    return 1;
}
finally
{
    await app.StopAsync();
}
