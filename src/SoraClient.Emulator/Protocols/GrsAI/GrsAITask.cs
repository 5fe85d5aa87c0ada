using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>GrsAI's task object: the <c>data</c> of <c>/v1/draw/result</c>, each streamed record and each callback body.</summary>
internal sealed class GrsAITask
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("results")]
    public required IReadOnlyList<GrsAIResult> Results { get; init; }

    [JsonPropertyName("progress")]
    public required int Progress { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("failure_reason")]
    public required string FailureReason { get; init; }

    [JsonPropertyName("error")]
    public required string Error { get; init; }
}
