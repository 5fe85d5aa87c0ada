using Microsoft.Extensions.Configuration;
using SoraClient.Providers.OpenAI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="OpenAIVideoGenerator"/> for an OpenAI-compatible <c>/v1/videos</c> gateway (OpenAI, APIYI, Azure OpenAI v1, LiteLLM).</summary>
// The four gateways' registration classes look alike by design: each is public API typed by its own options, and the
// registration itself is the core's one AddVideoProvider.
public static class OpenAISoraClientBuilderExtensions
{
    /// <summary>Registers the default <c>IVideoGenerator</c> (also keyed <c>openai</c>).</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="configure">Sets the options, at least <see cref="SoraClient.VideoProviderOptions.ApiKey"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddOpenAI(this ISoraClientBuilder builder, Action<OpenAIOptions> configure) =>
        builder.AddOpenAI(null, configure);

    /// <summary>Registers a keyed <c>IVideoGenerator</c> named <paramref name="name"/>; with a <see langword="null"/> name, the default one.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="name">The registration name, for example <c>apiyi</c> or <c>azure</c>.</param>
    /// <param name="configure">Sets the options, at least <see cref="SoraClient.VideoProviderOptions.ApiKey"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddOpenAI(this ISoraClientBuilder builder, string? name, Action<OpenAIOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddVideoProvider<OpenAIOptions>(name, OpenAIOptions.DefaultProviderName, o => o.Configure(configure),
            OpenAIVideoGenerator.CreateValidator(), Create);
    }

    /// <summary>Registers the default <c>IVideoGenerator</c> (also keyed <c>openai</c>) bound to a configuration section.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="section">The section, for example <c>Sora:OpenAI</c> with <c>ApiKey</c> and <c>Endpoint</c>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddOpenAI(this ISoraClientBuilder builder, IConfiguration section) =>
        builder.AddOpenAI(null, section);

    /// <summary>Registers a keyed <c>IVideoGenerator</c> bound to a configuration section; with a <see langword="null"/> name, the default one.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="name">The registration name, for example <c>apiyi</c>.</param>
    /// <param name="section">The section with <c>ApiKey</c>, <c>Endpoint</c> and the other <see cref="OpenAIOptions"/>.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder AddOpenAI(this ISoraClientBuilder builder, string? name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.AddVideoProvider<OpenAIOptions>(name, OpenAIOptions.DefaultProviderName, o => o.Bind(section).RequireSection(section),
            OpenAIVideoGenerator.CreateValidator(), Create);
    }

    private static OpenAIVideoGenerator Create(HttpClient httpClient, OpenAIOptions options, TimeProvider timeProvider, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory) =>
        new(httpClient, options, timeProvider, loggerFactory);
}
