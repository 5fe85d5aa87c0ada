using System.Text.Json.Serialization;

namespace SoraClient.Providers.AceData.Internal;

/// <summary><c>{"success":false,"error":{"code","message"},"trace_id"}</c>, with a 4xx/5xx status or inside HTTP 200.</summary>
internal sealed class AceDataErrorEnvelope
{
    [JsonPropertyName("success")]
    public bool? Success { get; set; }

    [JsonPropertyName("task_id")]
    public string? TaskId { get; set; }

    [JsonPropertyName("error")]
    public AceDataError? Error { get; set; }

    [JsonPropertyName("trace_id")]
    public string? TraceId { get; set; }
}
