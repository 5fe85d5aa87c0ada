namespace SoraClient.Providers.OpenAI;

/// <summary>
/// Settings of <see cref="OpenAIVideoGenerator"/>, for any gateway that speaks OpenAI's <c>/v1/videos</c>:
/// OpenAI (<c>https://api.openai.com/v1</c>), APIYI (<c>https://api.apiyi.com/v1</c>), Azure OpenAI v1
/// (<c>https://{resource}.openai.azure.com/openai/v1</c>, with the deployment name as the model) and LiteLLM-style proxies.
/// </summary>
public sealed class OpenAIOptions : VideoProviderOptions
{
    /// <summary>The endpoint used when <see cref="VideoProviderOptions.Endpoint"/> is not set.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.openai.com/v1");

    /// <summary>The registration name used when none is given.</summary>
    public const string DefaultProviderName = "openai";

    /// <summary>Gets or sets how the key is sent; <see langword="null"/> picks <c>api-key</c> for <c>*.openai.azure.com</c> and Bearer otherwise.</summary>
    public OpenAIAuthentication? Authentication { get; set; }

    internal OpenAIAuthentication EffectiveAuthentication(Uri endpoint) =>
        Authentication ?? (endpoint.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)
            ? OpenAIAuthentication.ApiKeyHeader
            : OpenAIAuthentication.Bearer);
}
