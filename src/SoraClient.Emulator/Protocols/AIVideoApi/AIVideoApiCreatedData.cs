using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary>The <c>data</c> of a create answer: <c>{"taskId"}</c>.</summary>
internal sealed class AIVideoApiCreatedData
{
    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }
}
