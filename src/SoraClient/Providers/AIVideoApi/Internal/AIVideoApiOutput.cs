using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.AIVideoApi.Internal;

/// <summary>A finished task's <c>output</c>: <c>{"urls":[...],"metadata":{...}}</c>.</summary>
internal sealed class AIVideoApiOutput
{
    [JsonPropertyName("urls")]
    public List<string>? Urls { get; set; }

    [JsonPropertyName("metadata")]
    public JsonElement Metadata { get; set; }
}
