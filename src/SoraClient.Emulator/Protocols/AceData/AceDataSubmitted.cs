using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary>The answer of an async or callback create: just <c>{"task_id"}</c>.</summary>
internal sealed class AceDataSubmitted
{
    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }
}
