using Microsoft.Extensions.Configuration;
using SoraClient.Providers.AIVideoApi;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AIVideoApiVideoGenerator"/> for aivideoapi.ai.</summary>
// The four gateways' registration classes look alike by design: each is public API typed by its own options, and the
// registration itself is the core's one AddVideoProvider.
public static class AIVideoApiSoraClientBuilderExtensions
{
    /// <summary>Registers the default <c>IVideoGenerator</c> (also keyed <c>aivideoapi</c>).</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="configure">Sets the options, at least <see cref="SoraClient.VideoProviderOptions.ApiKey"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddAIVideoApi(this ISoraClientBuilder builder, Action<AIVideoApiOptions> configure) =>
        builder.AddAIVideoApi(null, configure);

    /// <summary>Registers a keyed <c>IVideoGenerator</c> named <paramref name="name"/>; with a <see langword="null"/> name, the default one.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="name">The registration name, for example <c>aivideoapi</c>.</param>
    /// <param name="configure">Sets the options, at least <see cref="SoraClient.VideoProviderOptions.ApiKey"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddAIVideoApi(this ISoraClientBuilder builder, string? name, Action<AIVideoApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddVideoProvider<AIVideoApiOptions>(name, AIVideoApiOptions.DefaultProviderName, o => o.Configure(configure),
            AIVideoApiVideoGenerator.CreateValidator(), Create);
    }

    /// <summary>Registers the default <c>IVideoGenerator</c> (also keyed <c>aivideoapi</c>) bound to a configuration section.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="section">The section, for example <c>Sora:AIVideoApi</c> with <c>ApiKey</c>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddAIVideoApi(this ISoraClientBuilder builder, IConfiguration section) =>
        builder.AddAIVideoApi(null, section);

    /// <summary>Registers a keyed <c>IVideoGenerator</c> bound to a configuration section; with a <see langword="null"/> name, the default one.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="name">The registration name, for example <c>aivideoapi</c>.</param>
    /// <param name="section">The section with <c>ApiKey</c>, <c>Endpoint</c> and the other <see cref="AIVideoApiOptions"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddAIVideoApi(this ISoraClientBuilder builder, string? name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.AddVideoProvider<AIVideoApiOptions>(name, AIVideoApiOptions.DefaultProviderName, o => o.Bind(section).RequireSection(section),
            AIVideoApiVideoGenerator.CreateValidator(), Create);
    }

    private static AIVideoApiVideoGenerator Create(HttpClient httpClient, AIVideoApiOptions options, TimeProvider timeProvider, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory) =>
        new(httpClient, options, timeProvider, loggerFactory);
}
