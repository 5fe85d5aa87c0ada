using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary><c>{"success":false,"error":{"code","message"},"trace_id"}</c>.</summary>
internal sealed class AceDataErrorResponse
{
    [JsonPropertyName("success")]
    public bool Success { get; init; }

    [JsonPropertyName("error")]
    public required AceDataError Error { get; init; }

    [JsonPropertyName("trace_id")]
    public required string TraceId { get; init; }
}
