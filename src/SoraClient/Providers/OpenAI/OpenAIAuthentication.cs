using System.Text.Json.Serialization;

namespace SoraClient.Providers.OpenAI;

/// <summary>How the API key is sent to an OpenAI-compatible gateway.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OpenAIAuthentication>))] // serialised by name, not as a number (ASP.NET Core responses, stored JSON)
public enum OpenAIAuthentication
{
    /// <summary><c>Authorization: Bearer {key}</c> (OpenAI, APIYI, LiteLLM, and Azure OpenAI with an Entra token or key).</summary>
    Bearer,

    /// <summary>
    /// <c>api-key: {key}</c> (Azure OpenAI keys). With an <see cref="HttpClient"/> of your own, turn off <c>AllowAutoRedirect</c>:
    /// an HTTP handler that follows a redirect forwards this header to the new host, so the adapter refuses such a client.
    /// </summary>
    ApiKeyHeader,
}
