using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary>A completed task's <c>output</c>: <c>{"urls":[...],"metadata":{...}}</c>.</summary>
internal sealed class AIVideoApiOutput
{
    [JsonPropertyName("urls")]
    public required IReadOnlyList<string> Urls { get; init; }

    [JsonPropertyName("metadata")]
    public required AIVideoApiOutputMetadata Metadata { get; init; }
}
