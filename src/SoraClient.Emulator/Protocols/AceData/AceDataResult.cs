using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary>
/// A generation's result: the synchronous answer, the callback body and a task's <c>response</c>:
/// <c>{"success","task_id","trace_id","data":[...]}</c>, or <c>{"success":false,"task_id","trace_id","error"}</c>.
/// </summary>
internal sealed class AceDataResult
{
    [JsonPropertyName("success")]
    public bool Success { get; init; }

    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }

    [JsonPropertyName("trace_id")]
    public required string TraceId { get; init; }

    [JsonPropertyName("data")]
    public IReadOnlyList<AceDataVideo>? Data { get; init; }

    [JsonPropertyName("error")]
    public AceDataError? Error { get; init; }
}
