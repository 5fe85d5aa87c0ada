using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.AceData.Internal;

/// <summary>The answer of <c>retrieve_batch</c>: <c>{"items":[task...],"count"}</c>.</summary>
internal sealed class AceDataTaskBatch
{
    [JsonPropertyName("items")]
    public List<JsonElement> Items { get; set; } = [];

    [JsonPropertyName("count")]
    public int? Count { get; set; }
}
