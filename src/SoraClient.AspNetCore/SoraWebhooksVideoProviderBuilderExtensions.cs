using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SoraClient.AspNetCore;
using SoraClient.AspNetCore.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds webhooks to a SoraClient registration.</summary>
public static class SoraWebhooksVideoProviderBuilderExtensions
{
    /// <summary>
    /// Receives this registration's callbacks or signed webhooks at the endpoints of <c>MapSoraWebhooks</c>: requests get a
    /// verifiable callback URL, callbacks are confirmed by one status read, waits on the registration's generator finish
    /// when the callback comes, and <see cref="IVideoJobEventHandler"/> registrations hear of every confirmed update.
    /// </summary>
    /// <param name="builder">The registration, as <c>AddGrsAI</c>, <c>AddAceData</c>, <c>AddAIVideoApi</c> or <c>AddOpenAI</c> return it.</param>
    /// <param name="configure">Sets <see cref="SoraWebhookOptions.PublicBaseUri"/> and <see cref="SoraWebhookOptions.SigningKeys"/>, or <see cref="SoraWebhookOptions.WebhookSecrets"/>.</param>
    /// <returns>The registration.</returns>
    public static IVideoProviderBuilder AddWebhooks(this IVideoProviderBuilder builder, Action<SoraWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddWebhooks(o => o.Configure(configure));
    }

    /// <summary>Like <see cref="AddWebhooks(IVideoProviderBuilder, Action{SoraWebhookOptions})"/>, with the options bound to a configuration section.</summary>
    /// <param name="builder">The registration.</param>
    /// <param name="section">The section, for example <c>Sora:GrsAI:Webhooks</c>, with <c>PublicBaseUri</c> and <c>SigningKeys</c>, or <c>WebhookSecrets</c>.</param>
    /// <returns>The registration.</returns>
    public static IVideoProviderBuilder AddWebhooks(this IVideoProviderBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.AddWebhooks(o => o.Bind(section));
    }

    private static IVideoProviderBuilder AddWebhooks(this IVideoProviderBuilder builder, Action<OptionsBuilder<SoraWebhookOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var registry = services.LastOrDefault(d => d.ServiceType == typeof(WebhookRegistry))?.ImplementationInstance as WebhookRegistry;
        if (registry is null)
        {
            registry = new WebhookRegistry();
            services.AddSingleton(registry);
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton(sp => new WebhookJobHub(sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp => new StandardWebhookVerifier(sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<WebhookProcessor>();
            services.AddHostedService(sp => sp.GetRequiredService<WebhookProcessor>());
            services.AddSingleton<WebhookEndpoint>();
            services.AddSingleton<IValidateOptions<SoraWebhookOptions>, SoraWebhookOptionsValidator>();
        }

        registry.Add(builder.Name);
        configure(services.AddOptions<SoraWebhookOptions>(builder.Name).ValidateOnStart());
        var name = builder.Name;
        return builder.Use((inner, sp) => new WebhookVideoGenerator(inner, name, sp.GetRequiredService<IOptionsMonitor<SoraWebhookOptions>>().Get(name),
            sp.GetRequiredService<WebhookJobHub>()));
    }
}
