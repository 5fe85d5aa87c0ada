using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SoraClient.IntegrationTests.Support;

/// <summary>A tiny web server on a free loopback port that records the callbacks gateways (the emulator) POST to it.</summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedCallback> _received = Channel.CreateUnbounded<ReceivedCallback>();
    private readonly System.Collections.Concurrent.ConcurrentQueue<ReceivedCallback> _all = new();

    private CallbackReceiver(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The status code to answer callbacks with.</summary>
    public int AnswerStatus { get; set; } = 200;

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        CallbackReceiver? receiver = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var callback = new ReceivedCallback(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.ContentType, body);
            receiver!._all.Enqueue(callback);
            await receiver._received.Writer.WriteAsync(callback);
            context.Response.StatusCode = receiver.AnswerStatus;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver = new CallbackReceiver(app, new Uri(address.TrimEnd('/') + "/"));
        return receiver;
    }

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery.TrimStart('/'));

    /// <summary>Waits (up to 10 real seconds) for the next callback.</summary>
    public async Task<ReceivedCallback> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Every body received so far, in order (whether or not <see cref="NextAsync"/> read it).</summary>
    public IReadOnlyList<string> Bodies => [.. _all.Select(c => c.Body)];

    /// <summary>Waits (up to <paramref name="timeout"/> of real time) until at least <paramref name="count"/> callbacks arrived.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (_all.Count < count)
        {
            await Task.Delay(5, cancel.Token);
        }
    }

    /// <summary>True when a callback arrived that nobody read yet.</summary>
    public bool HasPending => _received.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedCallback(string Method, string PathAndQuery, string? ContentType, string Body);
