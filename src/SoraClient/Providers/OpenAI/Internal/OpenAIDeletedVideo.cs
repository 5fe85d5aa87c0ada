using System.Text.Json.Serialization;

namespace SoraClient.Providers.OpenAI.Internal;

/// <summary>The answer of <c>DELETE /videos/{id}</c>.</summary>
internal sealed class OpenAIDeletedVideo
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }
}
