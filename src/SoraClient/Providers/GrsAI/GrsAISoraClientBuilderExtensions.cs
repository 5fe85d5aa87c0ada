using Microsoft.Extensions.Configuration;
using SoraClient.Providers.GrsAI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="GrsAIVideoGenerator"/> for GrsAI (<c>grsai.com</c>).</summary>
// The four gateways' registration classes look alike by design: each is public API typed by its own options, and the
// registration itself is the core's one AddVideoProvider.
public static class GrsAISoraClientBuilderExtensions
{
    /// <summary>Registers the default <c>IVideoGenerator</c> (also keyed <c>grsai</c>).</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="configure">Sets the options, at least <see cref="SoraClient.VideoProviderOptions.ApiKey"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddGrsAI(this ISoraClientBuilder builder, Action<GrsAIOptions> configure) =>
        builder.AddGrsAI(null, configure);

    /// <summary>Registers a keyed <c>IVideoGenerator</c> named <paramref name="name"/>; with a <see langword="null"/> name, the default one.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="name">The registration name, for example <c>grsai-cn</c>.</param>
    /// <param name="configure">Sets the options, at least <see cref="SoraClient.VideoProviderOptions.ApiKey"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddGrsAI(this ISoraClientBuilder builder, string? name, Action<GrsAIOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddVideoProvider<GrsAIOptions>(name, GrsAIOptions.DefaultProviderName, o => o.Configure(configure),
            GrsAIVideoGenerator.CreateValidator(), Create);
    }

    /// <summary>Registers the default <c>IVideoGenerator</c> (also keyed <c>grsai</c>) bound to a configuration section.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="section">The section, for example <c>Sora:GrsAI</c> with <c>ApiKey</c> and <c>Endpoint</c>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddGrsAI(this ISoraClientBuilder builder, IConfiguration section) =>
        builder.AddGrsAI(null, section);

    /// <summary>Registers a keyed <c>IVideoGenerator</c> bound to a configuration section; with a <see langword="null"/> name, the default one.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="name">The registration name, for example <c>grsai-cn</c>.</param>
    /// <param name="section">The section with <c>ApiKey</c>, <c>Endpoint</c> and the other <see cref="GrsAIOptions"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddGrsAI(this ISoraClientBuilder builder, string? name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.AddVideoProvider<GrsAIOptions>(name, GrsAIOptions.DefaultProviderName, o => o.Bind(section).RequireSection(section),
            GrsAIVideoGenerator.CreateValidator(), Create);
    }

    private static GrsAIVideoGenerator Create(HttpClient httpClient, GrsAIOptions options, TimeProvider timeProvider, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory) =>
        new(httpClient, options, timeProvider, loggerFactory);
}
