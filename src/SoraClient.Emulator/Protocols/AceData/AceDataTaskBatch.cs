using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary>The answer of <c>retrieve_batch</c>: <c>{"items":[...],"count"}</c>.</summary>
internal sealed class AceDataTaskBatch
{
    [JsonPropertyName("items")]
    public required IReadOnlyList<AceDataTask> Items { get; init; }

    [JsonPropertyName("count")]
    public int Count { get; init; }
}
