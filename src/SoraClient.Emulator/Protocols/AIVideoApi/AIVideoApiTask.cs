using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary>
/// A task as <c>GET /v1/tasks/{taskId}</c> returns it and as callbacks carry it. <c>progress</c> is <c>null</c> while pending;
/// <c>output</c> and <c>completed_at</c> appear once it completed, <c>error</c> once it failed.
/// </summary>
internal sealed class AIVideoApiTask
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("model")]
    public required string Model { get; init; }

    // ISO 8601, UTC.
    [JsonPropertyName("created_at")]
    public required string CreatedAt { get; init; }

    [JsonPropertyName("completed_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CompletedAt { get; init; }

    [JsonPropertyName("progress")]
    public int? Progress { get; init; }

    [JsonPropertyName("output")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AIVideoApiOutput? Output { get; init; }

    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AIVideoApiError? Error { get; init; }
}
