using Microsoft.Extensions.Configuration;
using SoraClient.Providers.AceData;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AceDataVideoGenerator"/> for AceData Cloud.</summary>
// The four gateways' registration classes look alike by design: each is public API typed by its own options, and the
// registration itself is the core's one AddVideoProvider.
public static class AceDataSoraClientBuilderExtensions
{
    /// <summary>Registers the default <c>IVideoGenerator</c> (also keyed <c>acedata</c>).</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="configure">Sets the options, at least <see cref="SoraClient.VideoProviderOptions.ApiKey"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddAceData(this ISoraClientBuilder builder, Action<AceDataOptions> configure) =>
        builder.AddAceData(null, configure);

    /// <summary>Registers a keyed <c>IVideoGenerator</c> named <paramref name="name"/>; with a <see langword="null"/> name, the default one.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="name">The registration name, for example <c>acedata</c>.</param>
    /// <param name="configure">Sets the options, at least <see cref="SoraClient.VideoProviderOptions.ApiKey"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddAceData(this ISoraClientBuilder builder, string? name, Action<AceDataOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddVideoProvider<AceDataOptions>(name, AceDataOptions.DefaultProviderName, o => o.Configure(configure),
            AceDataVideoGenerator.CreateValidator(), Create);
    }

    /// <summary>Registers the default <c>IVideoGenerator</c> (also keyed <c>acedata</c>) bound to a configuration section.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="section">The section, for example <c>Sora:AceData</c> with <c>ApiKey</c>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddAceData(this ISoraClientBuilder builder, IConfiguration section) =>
        builder.AddAceData(null, section);

    /// <summary>Registers a keyed <c>IVideoGenerator</c> bound to a configuration section; with a <see langword="null"/> name, the default one.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="name">The registration name, for example <c>acedata</c>.</param>
    /// <param name="section">The section with <c>ApiKey</c>, <c>Version</c> and the other <see cref="AceDataOptions"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddAceData(this ISoraClientBuilder builder, string? name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.AddVideoProvider<AceDataOptions>(name, AceDataOptions.DefaultProviderName, o => o.Bind(section).RequireSection(section),
            AceDataVideoGenerator.CreateValidator(), Create);
    }

    private static AceDataVideoGenerator Create(HttpClient httpClient, AceDataOptions options, TimeProvider timeProvider, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory) =>
        new(httpClient, options, timeProvider, loggerFactory);
}
