using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoraClient.AspNetCore.Tests.Support;
using SoraClient.Emulator;
using SoraClient.Testing;
using Xunit.Abstractions;

namespace SoraClient.AspNetCore.Tests;

/// <summary>
/// Over real sockets: an application on Kestrel (127.0.0.1) with the webhook endpoint, the emulator calling it back, and a
/// wait per gateway. Emulator and SDK share one manual clock; once the clock has passed the jobs' end it stands still, so
/// only a callback can finish a wait (the safety poll is two clock minutes away).
/// </summary>
public sealed class EndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_jobDuration = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EveryCallbackGateway_WaitEndsWithinASecondOfTheCallback_WithOneConfirmingRead()
    {
        var time = new ManualTimeProvider();
        await using var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { TimeProvider = time, JobDuration = s_jobDuration });
        var port = FreePort();
        var events = new RecordingEventHandler();
        await using var app = BuildApp(emulator, time, port, events);
        await app.StartAsync();
        emulator.OpenAIWebhookUri = new Uri($"http://127.0.0.1:{port}/sora/webhooks/openai");

        string[] providers = ["grsai", "acedata", "aivideoapi", "openai"];
        var waits = providers.ToDictionary(p => p, p => app.Services.GetRequiredKeyedService<IVideoGenerator>(p)
            .GenerateAsync(new VideoGenerationRequest("a lighthouse at dusk"), waitOptions: new VideoWaitOptions { Jitter = 0 }));
        await WaitUntilAsync(() => emulator.Jobs.TotalCreated == providers.Length);

        // the jobs run: the clock moves in one-second steps (GrsAI posts progress on each), then stops past their end
        var end = time.GetUtcNow() + s_jobDuration + TimeSpan.FromSeconds(2);
        while (time.GetUtcNow() < end)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        var stopped = Stopwatch.StartNew();
        var jobs = await Task.WhenAll(waits.Values).WaitAsync(TimeSpan.FromSeconds(1)); // the clock stands still: only callbacks can end them
        output.WriteLine($"all four waits ended {stopped.ElapsedMilliseconds} ms after the clock passed the jobs' end");

        Assert.All(jobs, job => Assert.Equal(VideoJobStatus.Succeeded, job.Status));
        Assert.All(jobs, job => Assert.NotEmpty(job.Assets));
        foreach (var provider in providers)
        {
            var requests = emulator.Requests.All.Where(r => string.Equals(r.Protocol, provider, StringComparison.OrdinalIgnoreCase)).ToList();
            var reads = requests.Count - 1; // all but the create
            output.WriteLine($"{provider}: {reads} status read(s): {string.Join(", ", requests.Select(r => $"{r.Method} {r.Path}"))}");
            Assert.InRange(reads, 1, 2);
        }

        await events.WaitForAsync(providers.Length);
        Assert.Equal(providers.Order(StringComparer.Ordinal), events.Jobs.Select(j => j.Provider).Order(StringComparer.Ordinal));
        await app.StopAsync();
    }

    [Fact]
    public async Task CallbackNeverComes_TheSafetyPollFinishesTheWait()
    {
        var time = new ManualTimeProvider();
        await using var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { TimeProvider = time, JobDuration = s_jobDuration });
        var port = FreePort();
        await using var app = BuildApp(emulator, time, port, new RecordingEventHandler());
        await app.StartAsync(); // no OpenAI webhook URL given to the emulator: no callback will come

        var wait = app.Services.GetRequiredKeyedService<IVideoGenerator>("openai")
            .GenerateAsync(new VideoGenerationRequest("a lighthouse at dusk"), waitOptions: new VideoWaitOptions { Jitter = 0 });
        await WaitUntilAsync(() => emulator.Jobs.TotalCreated == 1);
        time.Advance(s_jobDuration + TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(2));
        var job = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(1, emulator.Requests.Count("openai", "GET"));
        await app.StopAsync();
    }

    private static WebApplication BuildApp(SoraEmulator emulator, ManualTimeProvider time, int port, RecordingEventHandler events)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IVideoJobEventHandler>(events);
        var publicBase = new Uri($"http://127.0.0.1:{port}/");
        void Callbacks(SoraWebhookOptions o) => (o.PublicBaseUri, o.SigningKeys) = (publicBase, [WebhookHost.Key]);
        var sora = builder.Services.AddSoraClient();
        sora.AddGrsAI("grsai", o => (o.ApiKey, o.Endpoint) = (emulator.ApiKey, emulator.GetEndpoint(EmulatorProtocols.GrsAI))).AddWebhooks(Callbacks)
            .HttpClient.ConfigurePrimaryHttpMessageHandler(LoopbackOnly.Handler);
        sora.AddAceData("acedata", o => (o.ApiKey, o.Endpoint) = (emulator.ApiKey, emulator.AceDataEndpoint)).AddWebhooks(Callbacks)
            .HttpClient.ConfigurePrimaryHttpMessageHandler(LoopbackOnly.Handler);
        sora.AddAIVideoApi("aivideoapi", o => (o.ApiKey, o.Endpoint) = (emulator.ApiKey, emulator.AIVideoApiEndpoint)).AddWebhooks(Callbacks)
            .HttpClient.ConfigurePrimaryHttpMessageHandler(LoopbackOnly.Handler);
        sora.AddOpenAI("openai", o => (o.ApiKey, o.Endpoint) = (emulator.ApiKey, emulator.OpenAIEndpoint)).AddWebhooks(o => o.WebhookSecrets = [emulator.OpenAIWebhookSecret])
            .HttpClient.ConfigurePrimaryHttpMessageHandler(LoopbackOnly.Handler);
        var app = builder.Build();
        app.MapSoraWebhooks();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, guard.Token);
        }
    }
}
