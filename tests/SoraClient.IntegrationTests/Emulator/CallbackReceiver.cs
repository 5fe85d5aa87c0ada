using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SoraClient.IntegrationTests.Emulator;

/// <summary>A tiny HTTP server on a free loopback port that records the bodies POSTed to it (a gateway's callbacks).</summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly SemaphoreSlim _received = new(0);

    private CallbackReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<string> Bodies => [.. _bodies];

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            receiver._bodies.Enqueue(await reader.ReadToEndAsync());
            receiver._received.Release();
            context.Response.StatusCode = 200;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hooks/grsai?token=t1");
        return receiver;
    }

    /// <summary>Waits (real time) until at least <paramref name="count"/> bodies arrived.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (_bodies.Count < count)
        {
            await _received.WaitAsync(cancellation.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _received.Dispose();
    }
}
