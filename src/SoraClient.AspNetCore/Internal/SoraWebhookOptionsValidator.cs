using Microsoft.Extensions.Options;

namespace SoraClient.AspNetCore.Internal;

/// <summary>Checks a registration's <see cref="SoraWebhookOptions"/> at start; each message names the setting.</summary>
internal sealed class SoraWebhookOptionsValidator(WebhookRegistry registry) : IValidateOptions<SoraWebhookOptions>
{
    public const int MinKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, SoraWebhookOptions options)
    {
        if (name is null || !registry.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = FindProblems(options).Select(p => $"Sora webhooks of '{name}': {p}").ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static IEnumerable<string> FindProblems(SoraWebhookOptions o)
    {
        if (o.PublicBaseUri is null && o.WebhookSecrets.Count == 0)
        {
            yield return "set PublicBaseUri (with SigningKeys) to receive callbacks, or WebhookSecrets to receive signed webhooks.";
        }

        if (o.PublicBaseUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)))
        {
            yield return $"PublicBaseUri must be an absolute http or https URL without query or fragment (the address the gateway reaches this application at), not '{uri}'.";
        }

        if (o.PublicBaseUri is not null && o.SigningKeys.Count == 0)
        {
            yield return $"SigningKeys must hold at least one key (of {MinKeyLength} or more characters) to sign callback URLs with.";
        }

        for (var i = 0; i < o.SigningKeys.Count; i++)
        {
            if (o.SigningKeys[i] is not { Length: >= MinKeyLength })
            {
                yield return $"SigningKeys[{i}] must be at least {MinKeyLength} characters long (a random string; it is never sent).";
            }
        }

        for (var i = 0; i < o.WebhookSecrets.Count; i++)
        {
            if (o.WebhookSecrets[i] is not { } secret || !StandardWebhookVerifier.TryDecodeSecret(secret, out _))
            {
                yield return $"WebhookSecrets[{i}] must be '{StandardWebhookVerifier.Prefix}' followed by base64, as the gateway shows it.";
            }
        }

        if (o.Path is not { Length: > 1 } path || path[0] != '/' || path.EndsWith('/') || path.Contains('?', StringComparison.Ordinal))
        {
            yield return $"Path must start with '/' and not end with one, like '{SoraWebhookOptions.DefaultPath}', not '{o.Path}'.";
        }

        if (o.MaxBodySize <= 0)
        {
            yield return "MaxBodySize must be positive.";
        }

        if (o.SafetyPollInterval <= TimeSpan.Zero)
        {
            yield return "SafetyPollInterval must be positive.";
        }

        if (o.SignatureTolerance <= TimeSpan.Zero)
        {
            yield return "SignatureTolerance must be positive.";
        }
    }
}
