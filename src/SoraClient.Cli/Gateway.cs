using System.CommandLine;
using SoraClient.Emulator;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.GrsAI;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Cli;

/// <summary>The generator a command talks to, with the HTTP client and (for <c>--provider emulator</c>) the in-process emulator it owns.</summary>
internal sealed class Gateway : IAsyncDisposable
{
    private readonly HttpClient _http;

    private Gateway(string provider, IVideoGenerator generator, HttpClient http, SoraEmulator? emulator, Uri? baseUrl)
    {
        Provider = provider;
        Generator = generator;
        _http = http;
        Emulator = emulator;
        BaseUrl = baseUrl;
    }

    public string Provider { get; }

    public IVideoGenerator Generator { get; }

    public SoraEmulator? Emulator { get; }

    /// <summary>Gets the --base-url given, to repeat in resume commands (never the key).</summary>
    public Uri? BaseUrl { get; }

    /// <summary>Picks the provider: <paramref name="referenceProvider"/> (a job reference's prefix), --provider, SORA_PROVIDER, or openai.</summary>
    public static string ResolveProvider(ParseResult parse, CliOptions o, string? referenceProvider = null)
    {
        var provider = (parse.GetValue(o.Provider) ?? referenceProvider ?? Environment.GetEnvironmentVariable("SORA_PROVIDER") ?? "openai").Trim().ToLowerInvariant();
        return CliOptions.Providers.Contains(provider, StringComparer.Ordinal)
            ? provider
            : throw new CliUsageException($"--provider '{provider}' is not supported. Allowed: {string.Join(", ", CliOptions.Providers)}.");
    }

    /// <summary>Creates the generator for the command line.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="o">The option declarations.</param>
    /// <param name="referenceProvider">The prefix of a job reference argument, if any.</param>
    /// <param name="protocol">For the emulator: the protocol to speak (OpenAI unless a command needs another).</param>
    /// <param name="cancellationToken">Cancels starting the emulator.</param>
    /// <param name="configure">Settings of the command's own for the registration (a batch's request rate), applied last.</param>
    public static async Task<Gateway> CreateAsync(ParseResult parse, CliOptions o, string? referenceProvider = null, string protocol = EmulatorProtocols.OpenAI,
        CancellationToken cancellationToken = default, Action<VideoProviderOptions>? configure = null)
    {
        T Configure<T>(T options)
            where T : VideoProviderOptions
        {
            configure?.Invoke(options);
            return options;
        }

        var provider = ResolveProvider(parse, o, referenceProvider);
        var baseUrl = CliParsing.Url(parse.GetValue(o.BaseUrl) ?? Environment.GetEnvironmentVariable("SORA_BASE_URL"), "--base-url");
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        try
        {
            if (string.Equals(provider, "emulator", StringComparison.Ordinal))
            {
                var duration = CliParsing.Duration(Environment.GetEnvironmentVariable("SORA_EMULATOR_JOB_DURATION"), "SORA_EMULATOR_JOB_DURATION") ?? TimeSpan.FromSeconds(6);
                var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = duration, PollAfter = TimeSpan.FromMilliseconds(500) }, cancellationToken).ConfigureAwait(false);
                var endpoint = emulator.GetEndpoint(protocol);
                IVideoGenerator emulated = string.Equals(protocol, EmulatorProtocols.GrsAI, StringComparison.Ordinal)
                    ? new GrsAIVideoGenerator(http, Configure(new GrsAIOptions { ProviderName = provider, Endpoint = endpoint, ApiKey = emulator.ApiKey }))
                    : new OpenAIVideoGenerator(http, Configure(new OpenAIOptions { ProviderName = provider, Endpoint = endpoint, ApiKey = emulator.ApiKey }));
                return new Gateway(provider, emulated, http, emulator, null);
            }

            var key = ApiKey(parse, o, provider);
            IVideoGenerator generator = provider switch
            {
                "grsai" => new GrsAIVideoGenerator(http, Configure(new GrsAIOptions { ProviderName = provider, Endpoint = baseUrl ?? GrsAIOptions.DefaultEndpoint, ApiKey = key })),
                "acedata" => new AceDataVideoGenerator(http, Configure(new AceDataOptions { ProviderName = provider, Endpoint = baseUrl ?? AceDataOptions.DefaultEndpoint, ApiKey = key })),
                "aivideoapi" => new AIVideoApiVideoGenerator(http, Configure(new AIVideoApiOptions { ProviderName = provider, Endpoint = baseUrl ?? AIVideoApiOptions.DefaultEndpoint, ApiKey = key })),
                "apiyi" => new OpenAIVideoGenerator(http, Configure(new OpenAIOptions { ProviderName = provider, Endpoint = baseUrl ?? new Uri("https://api.apiyi.com/v1"), ApiKey = key })),
                "azure" => new OpenAIVideoGenerator(http, Configure(new OpenAIOptions
                {
                    ProviderName = provider,
                    Endpoint = baseUrl ?? throw new CliUsageException("--provider azure needs --base-url https://<resource>.openai.azure.com/openai/v1"),
                    ApiKey = key,
                })),
                _ => new OpenAIVideoGenerator(http, Configure(new OpenAIOptions { ProviderName = provider, Endpoint = baseUrl ?? OpenAIOptions.DefaultEndpoint, ApiKey = key })),
            };
            return new Gateway(provider, generator, http, null, baseUrl);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>A generator for work that sends nothing (estimates): no key needed, no emulator started.</summary>
    public static Gateway CreateOffline(ParseResult parse, CliOptions o)
    {
        var provider = ResolveProvider(parse, o);
        var http = new HttpClient();
        const string Unused = "unused-offline-key"; // never sent: estimates make no request
        IVideoGenerator generator = provider switch
        {
            "grsai" => new GrsAIVideoGenerator(http, new GrsAIOptions { ProviderName = provider, ApiKey = Unused }),
            "acedata" => new AceDataVideoGenerator(http, new AceDataOptions { ProviderName = provider, ApiKey = Unused }),
            "aivideoapi" => new AIVideoApiVideoGenerator(http, new AIVideoApiOptions { ProviderName = provider, ApiKey = Unused }),
            _ => new OpenAIVideoGenerator(http, new OpenAIOptions { ProviderName = provider, ApiKey = Unused }),
        };
        return new Gateway(provider, generator, http, null, null);
    }

    /// <summary>The command that resumes a job in a new shell (provider and base URL, never the key).</summary>
    public string ResumeCommand(VideoJobReference reference, string? output)
    {
        var command = $"sora wait {reference}";
        if (BaseUrl is not null)
        {
            command += $" --base-url {BaseUrl}";
        }

        return output is null ? command : $"{command} --out \"{output}\"";
    }

    public async ValueTask DisposeAsync()
    {
        Generator.Dispose();
        _http.Dispose();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string ApiKey(ParseResult parse, CliOptions o, string provider)
    {
        var perProvider = provider switch
        {
            "azure" => "AZURE_OPENAI_API_KEY",
            _ => provider.ToUpperInvariant() + "_API_KEY",
        };
        var key = parse.GetValue(o.ApiKey) ?? Environment.GetEnvironmentVariable("SORA_API_KEY") ?? Environment.GetEnvironmentVariable(perProvider);
        return string.IsNullOrWhiteSpace(key)
            ? throw new CliUsageException($"No API key for {provider}: pass --api-key, or set SORA_API_KEY or {perProvider}. (--provider emulator needs none.)")
            : key;
    }
}
