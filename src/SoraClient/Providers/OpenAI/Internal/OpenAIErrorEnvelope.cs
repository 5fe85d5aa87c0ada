using System.Text.Json.Serialization;

namespace SoraClient.Providers.OpenAI.Internal;

/// <summary><c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed class OpenAIErrorEnvelope
{
    [JsonPropertyName("error")]
    public OpenAIError? Error { get; set; }
}
