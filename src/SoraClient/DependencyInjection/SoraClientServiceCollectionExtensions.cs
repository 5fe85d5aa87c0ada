using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SoraClient in a service collection.</summary>
public static class SoraClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds what every adapter shares (the <see cref="TimeProvider"/>, unless one is registered already) and returns
    /// a builder to add gateway adapters to, for example <c>services.AddSoraClient().AddOpenAI(o => ...)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder.</returns>
    public static ISoraClientBuilder AddSoraClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        return new SoraClientBuilder(services);
    }

    /// <summary>
    /// Registers one adapter instance: validated named options, a named HTTP client whose connections are recycled
    /// (so DNS changes are honoured) without pinning a handler, a keyed singleton <see cref="IVideoGenerator"/>, and,
    /// when <paramref name="name"/> is <see langword="null"/>, the default <see cref="IVideoGenerator"/> too.
    /// </summary>
    internal static IVideoProviderBuilder AddVideoProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(this ISoraClientBuilder builder, string? name, string defaultName,
        Action<OptionsBuilder<TOptions>> configure, IValidateOptions<TOptions> validator,
        Func<HttpClient, TOptions, TimeProvider, ILoggerFactory?, IVideoGenerator> create)
        where TOptions : VideoProviderOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A registration name must be non-empty and must not contain ':' (it prefixes job references).", nameof(name));
        }

        var key = name ?? defaultName;
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        SoraClientRegistrations.Of(services).Add(key, isDefault: name is null,
            $"Add{typeof(TOptions).Name.Replace("Options", string.Empty, StringComparison.Ordinal)}");

        var options = services.AddOptions<TOptions>(key);
        configure(options);
        options.PostConfigure(o => o.ProviderName = key).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));

        var clientName = $"SoraClient.{typeof(TOptions).Name.Replace("Options", string.Empty, StringComparison.Ordinal)}.{key}";
        var httpClient = services.AddHttpClient(clientName)
            // redirects are followed by the sender, which sends the key to the gateway only (a handler would forward api-key)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // each pipeline sets its own limits
            // the adapter logs each request itself; the factory's default loggers would add four Information lines per
            // status read (builder.HttpClient.AddDefaultLogger() brings them back)
            .RemoveAllLoggers();

        var provider = new VideoProviderBuilder(key, services, httpClient);
        services.AddKeyedSingleton<IVideoGenerator>(key, (sp, _) => provider.Build(
            create(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(clientName),
                sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(key),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>()),
            sp));
        if (name is null)
        {
            services.AddSingleton(sp => sp.GetRequiredKeyedService<IVideoGenerator>(key));
        }

        return provider;
    }

    /// <summary>
    /// Fails validation when the bound section is empty: a misspelt section name binds nothing, and "the API key is
    /// missing" alone would not say which path was read.
    /// </summary>
    internal static OptionsBuilder<TOptions> RequireSection<TOptions>(this OptionsBuilder<TOptions> options, Microsoft.Extensions.Configuration.IConfiguration section)
        where TOptions : VideoProviderOptions =>
        section is Microsoft.Extensions.Configuration.IConfigurationSection named
            ? options.Validate(_ => named.GetChildren().Any(),
                $"{typeof(TOptions).Name} '{options.Name}': the configuration section '{named.Path}' that was read is empty or does not exist; check the section name.")
            : options;
}
