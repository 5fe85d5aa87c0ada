using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoraClient.AspNetCore;
using SoraClient.AspNetCore.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the SoraClient webhook endpoints.</summary>
public static class SoraWebhooksEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}/{registration}/{correlation}?t={token}</c> (gateway callbacks to the URLs the SDK made) and
    /// <c>POST {pattern}/{registration}</c> (signed webhooks) for the registrations that have <c>AddWebhooks</c>.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="pattern">The path; it must equal each registration's <see cref="SoraWebhookOptions.Path"/>.</param>
    /// <returns>The route group of both endpoints, to add authorization, rate limiting or filters to.</returns>
    /// <exception cref="InvalidOperationException">No registration has <c>AddWebhooks</c>, or one has another <see cref="SoraWebhookOptions.Path"/>.</exception>
    public static RouteGroupBuilder MapSoraWebhooks(this IEndpointRouteBuilder endpoints, string pattern = SoraWebhookOptions.DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var registry = endpoints.ServiceProvider.GetService<WebhookRegistry>()
            ?? throw new InvalidOperationException("MapSoraWebhooks needs a SoraClient registration with webhooks: services.AddSoraClient().AddGrsAI(...).AddWebhooks(...).");
        var options = endpoints.ServiceProvider.GetRequiredService<IOptionsMonitor<SoraWebhookOptions>>();
        foreach (var name in registry.Names)
        {
            if (!string.Equals(options.Get(name).Path, pattern, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"MapSoraWebhooks(\"{pattern}\") does not match the Path setting of the webhooks of '{name}' ('{options.Get(name).Path}'), which its callback URLs use: make them equal.");
            }
        }

        var endpoint = endpoints.ServiceProvider.GetRequiredService<WebhookEndpoint>();
        var group = endpoints.MapGroup(pattern);
        group.MapPost("/{provider}/{correlation}", (RequestDelegate)endpoint.ReceiveCallbackAsync);
        group.MapPost("/{provider}", (RequestDelegate)endpoint.ReceiveSignedAsync);
        return group;
    }
}
