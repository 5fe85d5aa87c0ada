using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoraClient.Emulator.Callbacks;
using SoraClient.Emulator.Faults;
using SoraClient.Emulator.Hosting;
using SoraClient.Emulator.Jobs;
using SoraClient.Emulator.Protocols;
using SoraClient.Emulator.Protocols.AceData;
using SoraClient.Emulator.Protocols.AIVideoApi;
using SoraClient.Emulator.Protocols.Cdn;
using SoraClient.Emulator.Protocols.GrsAI;
using SoraClient.Emulator.Protocols.OpenAI;

namespace SoraClient.Emulator;

/// <summary>
/// A local emulator of the video gateways, on one Kestrel server bound to loopback. Each protocol lives under its
/// own prefix (OpenAI-compatible <c>/v1/videos</c> under <c>/openai/v1</c>). Start it with <see cref="StartAsync"/>,
/// point a client at <see cref="OpenAIEndpoint"/> with <see cref="ApiKey"/>, and dispose it to stop.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await SoraEmulator.StartAsync();
/// // POST {emulator.OpenAIEndpoint}/videos with "Authorization: Bearer {emulator.ApiKey}"
/// emulator.Faults.Add(EmulatorFault.RateLimit(TimeSpan.FromSeconds(1)).For(EmulatorProtocols.OpenAI, "GET", "/videos/*"));
/// </code>
/// </example>
public sealed class SoraEmulator : IAsyncDisposable
{
    private static readonly TimeSpan s_shutdownGrace = TimeSpan.FromSeconds(2);
    private readonly WebApplication _app;
    private readonly Dictionary<string, Uri> _endpoints;
    private readonly CallbackDispatcher _callbackDispatcher;
    private readonly OpenAIWebhookTarget _openAIWebhooks;
    private int _disposed;

    private SoraEmulator(WebApplication app, Uri baseAddress, IReadOnlyList<IEmulatorProtocol> protocols, string apiKey, EmulatorFaults faults, EmulatorJobs jobs, EmulatorRequestLog requests,
        CallbackDispatcher callbackDispatcher, EmulatorCallbacks callbacks, OpenAIWebhookTarget openAIWebhooks)
    {
        _app = app;
        _openAIWebhooks = openAIWebhooks;
        _callbackDispatcher = callbackDispatcher;
        Callbacks = callbacks;
        BaseAddress = baseAddress;
        _endpoints = protocols.ToDictionary(p => p.Name, p => new Uri(baseAddress, p.Prefix), StringComparer.OrdinalIgnoreCase);
        ApiKey = apiKey;
        Faults = faults;
        Jobs = jobs;
        Requests = requests;
    }

    /// <summary>Gets the server's root address, with a trailing slash: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the base URL for GrsAI clients (<c>.../grsai</c>; they append <c>/v1/video/sora-video</c>).</summary>
    public Uri GrsAIEndpoint => GetEndpoint(EmulatorProtocols.GrsAI);

    /// <summary>
    /// Gets the base URL of the OpenAI-compatible protocol, without a trailing slash: <c>http://127.0.0.1:{port}/openai/v1</c>.
    /// Use it where you would use <c>https://api.openai.com/v1</c>; clients append <c>/videos</c>.
    /// </summary>
    public Uri OpenAIEndpoint => GetEndpoint(EmulatorProtocols.OpenAI);

    /// <summary>Gets the base URL of the AceData protocol, without a trailing slash: <c>http://127.0.0.1:{port}/acedata</c> (clients append <c>/sora/videos</c>).</summary>
    public Uri AceDataEndpoint => GetEndpoint(EmulatorProtocols.AceData);

    /// <summary>Gets the base URL of the aivideoapi protocol, without a trailing slash: <c>http://127.0.0.1:{port}/aivideoapi</c> (clients append <c>/v1/...</c>).</summary>
    public Uri AIVideoApiEndpoint => GetEndpoint(EmulatorProtocols.AIVideoApi);

    /// <summary>Gets the base URL of every protocol, by protocol name (see <see cref="EmulatorProtocols"/>).</summary>
    public IReadOnlyDictionary<string, Uri> Endpoints => _endpoints;

    /// <summary>Gets an API key the emulator accepts (with a <see langword="null"/> <see cref="SoraEmulatorOptions.ApiKey"/>, any non-empty key works and this is just one).</summary>
    public string ApiKey { get; }

    /// <summary>Gets the faults to inject on demand.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Gets the jobs the emulator holds: counts per protocol, snapshots, early failure or expiry.</summary>
    public EmulatorJobs Jobs { get; }

    /// <summary>Gets the log of received requests.</summary>
    public EmulatorRequestLog Requests { get; }

    /// <summary>Gets the callbacks POSTed to the <c>callback_url</c> of jobs that ended, and how many are still to come.</summary>
    public EmulatorCallbacks Callbacks { get; }

    /// <summary>
    /// Gets or sets where the OpenAI-compatible protocol posts signed webhooks for the videos created from now on
    /// (<see langword="null"/>: none); starts as <see cref="SoraEmulatorOptions.OpenAIWebhookUri"/>. The posts are recorded in <see cref="Callbacks"/>.
    /// </summary>
    public Uri? OpenAIWebhookUri
    {
        get => _openAIWebhooks.Url;
        set => _openAIWebhooks.Url = value is null || (value.IsAbsoluteUri && value.Scheme is "http" or "https")
            ? value
            : throw new ArgumentException("The webhook URL must be an absolute http or https URL.", nameof(value));
    }

    /// <summary>Gets the secret the OpenAI-compatible webhooks are signed with (<see cref="SoraEmulatorOptions.OpenAIWebhookSecret"/>).</summary>
    public string OpenAIWebhookSecret => _openAIWebhooks.Secret;

    /// <summary>Starts an emulator and returns once it accepts connections.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (127.0.0.1, a free port, key <c>emulator-key</c>, 8-second jobs).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static async Task<SoraEmulator> StartAsync(SoraEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new SoraEmulatorOptions()).Clone();
        var address = SoraEmulatorOptions.Validate(options);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("SoraClient.Emulator");

        var faults = new EmulatorFaults();
        var requests = new EmulatorRequestLog(options.RequestLogCapacity);
        var jobStore = new JobStore(options, faults);
        var callbacks = new EmulatorCallbacks();
        var callbackDispatcher = new CallbackDispatcher(jobStore, options.TimeProvider, callbacks, logger);
        var openAIWebhooks = new OpenAIWebhookTarget(options.OpenAIWebhookUri, options.OpenAIWebhookSecret);

        // Every protocol the emulator serves; a new gateway protocol adds one line here.
        IEmulatorProtocol[] protocols =
        [
            new OpenAIProtocol(options, jobStore, callbackDispatcher, openAIWebhooks, logger),
            new GrsAIProtocol(options, jobStore, logger),
            new AceDataProtocol(options, jobStore, callbackDispatcher, logger),
            new AIVideoApiProtocol(options, jobStore, callbackDispatcher, logger),
            new CdnProtocol(jobStore),
        ];

        var app = BuildApp(address, options.Port, loggerFactory);
        var tracking = new RequestTrackingMiddleware(protocols, requests, options.TimeProvider, logger);
        var faulting = new FaultMiddleware(faults, options.TimeProvider, logger);
        app.Use(next => context => tracking.InvokeAsync(context, next));
        app.Use(next => context => faulting.InvokeAsync(context, next));
        app.UseRouting();
        foreach (var protocol in protocols)
        {
            protocol.MapRoutes(app.MapGroup(protocol.Prefix));
        }
        MapRequestCount(app, requests);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await callbackDispatcher.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var baseAddress = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        return new SoraEmulator(app, baseAddress, protocols, options.ApiKey ?? SoraEmulatorOptions.DefaultApiKey, faults, new EmulatorJobs(jobStore), requests,
            callbackDispatcher, callbacks, openAIWebhooks);
    }

    /// <summary>An empty builder: nothing is read from the environment, appsettings or the command line.</summary>
    private static WebApplication BuildApp(IPAddress address, int port, ILoggerFactory loggerFactory)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SoraEmulator).Assembly.GetName().Name });
        builder.Services.AddLogging();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        return builder.Build();
    }

    /// <summary>For a client in another process (a crash test, a script): how many logged requests match, as <c>{"count":N}</c>.</summary>
    private static void MapRequestCount(WebApplication app, EmulatorRequestLog requests) =>
        app.MapGet("/_emulator/requests/count", context =>
        {
            var query = context.Request.Query;
            var count = requests.Count(query["protocol"].FirstOrDefault(), query["method"].FirstOrDefault(), query["path"].FirstOrDefault());
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(FormattableString.Invariant($"{{\"count\":{count}}}"), context.RequestAborted);
        });

    /// <summary>Gets the base URL of one protocol, without a trailing slash.</summary>
    /// <param name="protocol">The protocol name (see <see cref="EmulatorProtocols"/>).</param>
    /// <returns>The URL, e.g. <c>http://127.0.0.1:{port}/openai/v1</c>.</returns>
    /// <exception cref="ArgumentException">The emulator serves no such protocol.</exception>
    public Uri GetEndpoint(string protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return _endpoints.TryGetValue(protocol, out var endpoint)
            ? endpoint
            : throw new ArgumentException($"The emulator serves no protocol named '{protocol}'. Known: {string.Join(", ", _endpoints.Keys)}.", nameof(protocol));
    }

    /// <summary>Stops the server and closes its connections.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // A short real-time grace for requests in flight; after it Kestrel closes the remaining connections
        // (requests held by a delay fault on a manual clock would otherwise never finish).
        using (var grace = new CancellationTokenSource(s_shutdownGrace))
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        await _callbackDispatcher.DisposeAsync().ConfigureAwait(false);
    }
}
