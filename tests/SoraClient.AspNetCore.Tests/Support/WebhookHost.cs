using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoraClient.Testing;

namespace SoraClient.AspNetCore.Tests.Support;

/// <summary>
/// An application on the in-memory test server with the four registrations (grsai, acedata, aivideoapi with callback URLs;
/// openai with signed webhooks), each over a <see cref="ScriptedGateway"/>, on the manual clock.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    public const string Key = "test-signing-key-0123456789abcdef-0123456789";
    public const string OldKey = "old-signing-key-0123456789abcdef-0123456789";
    public static readonly string Secret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("a Standard Webhooks test secret!"));
    private static readonly Uri s_nowhere = new("http://127.0.0.1:9/"); // never reached: the scripted layer answers

    private readonly WebApplication _app;

    private WebhookHost(WebApplication app, ManualTimeProvider time, ScriptedGateway gateway, RecordingEventHandler events)
    {
        _app = app;
        Time = time;
        Gateway = gateway;
        Events = events;
        Client = app.GetTestClient();
    }

    public ManualTimeProvider Time { get; }

    public ScriptedGateway Gateway { get; }

    public RecordingEventHandler Events { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<WebhookHost> StartAsync(Action<SoraWebhookOptions>? configure = null)
    {
        var time = new ManualTimeProvider();
        var gateway = new ScriptedGateway();
        var events = new RecordingEventHandler();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IVideoJobEventHandler>(events);
        void Callbacks(SoraWebhookOptions o)
        {
            o.PublicBaseUri = new Uri("https://app.example/");
            o.SigningKeys = [Key];
            configure?.Invoke(o);
        }

        builder.Services.AddSoraClient()
            .AddGrsAI("grsai", o => (o.ApiKey, o.Endpoint) = ("k", s_nowhere)).AddWebhooks(Callbacks).Use((inner, _) => gateway.Wrap(inner, "grsai"))
            .AddAceData("acedata", o => (o.ApiKey, o.Endpoint) = ("k", s_nowhere)).AddWebhooks(Callbacks).Use((inner, _) => gateway.Wrap(inner, "acedata"))
            .AddAIVideoApi("aivideoapi", o => (o.ApiKey, o.Endpoint) = ("k", s_nowhere)).AddWebhooks(Callbacks).Use((inner, _) => gateway.Wrap(inner, "aivideoapi"))
            .AddOpenAI("openai", o => (o.ApiKey, o.Endpoint) = ("k", s_nowhere)).AddWebhooks(o =>
            {
                o.WebhookSecrets = [Secret];
                configure?.Invoke(o);
            }).Use((inner, _) => gateway.Wrap(inner, "openai"));

        var app = builder.Build();
        app.MapSoraWebhooks("/sora/webhooks");
        await app.StartAsync();
        return new WebhookHost(app, time, gateway, events);
    }

    public IVideoGenerator Generator(string provider) => Services.GetRequiredKeyedService<IVideoGenerator>(provider);

    /// <summary>A callback URL as the SDK makes it: submits through the registration and returns the URL the gateway got.</summary>
    public async Task<Uri> CallbackUrlAsync(string provider)
    {
        await Generator(provider).SubmitAsync(new VideoGenerationRequest("a cat"));
        return Gateway.Submitted.Last().CallbackUri!;
    }

    /// <summary>The path and query of a callback URL, for the test client.</summary>
    public static string PathOf(Uri url) => url.PathAndQuery;

    public Task<HttpResponseMessage> PostAsync(string pathAndQuery, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Client.SendAsync(request);
    }

    /// <summary>Standard Webhooks headers for <paramref name="body"/>, signed with <paramref name="secret"/> at <paramref name="at"/>.</summary>
    public static (string, string)[] Sign(string body, string id, DateTimeOffset at, string? secret = null)
    {
        var key = Convert.FromBase64String((secret ?? Secret)["whsec_".Length..]);
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return [("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", $"v1,{signature}")];
    }

    public static string VideoEvent(string type, string videoId) =>
        $$$"""{"id":"evt_{{{videoId}}}","object":"event","created_at":1,"type":"{{{type}}}","data":{"id":"{{{videoId}}}"}}""";

    /// <summary>A callback body each gateway would post for a job that ended well (or is still running).</summary>
    public static string CallbackBody(string provider, string jobId, bool done = true) => provider switch
    {
        "grsai" => done
            ? $$$"""{"id":"{{{jobId}}}","results":[{"url":"http://127.0.0.1:9/v.mp4","pid":"s_1"}],"progress":100,"status":"succeeded"}"""
            : $$$"""{"id":"{{{jobId}}}","results":[],"progress":30,"status":"running"}""",
        "acedata" => done
            ? $$$"""{"success":true,"task_id":"{{{jobId}}}","trace_id":"t","data":[{"id":"v1","video_url":"http://127.0.0.1:9/v.mp4","state":"succeeded"}]}"""
            : $$$"""{"id":"{{{jobId}}}","response":{"success":true,"task_id":"{{{jobId}}}","data":[{"id":"v1","state":"processing"}]}}""",
        "aivideoapi" => done
            ? $$$"""{"id":"{{{jobId}}}","status":"completed","progress":100,"output":{"urls":["http://127.0.0.1:9/v.mp4"]}}"""
            : $$$"""{"id":"{{{jobId}}}","status":"processing","progress":45}""",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
