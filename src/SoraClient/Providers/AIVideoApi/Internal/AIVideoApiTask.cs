using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.AIVideoApi.Internal;

/// <summary>
/// A task as <c>GET /v1/tasks/{taskId}</c> returns it and as callbacks carry it:
/// <c>{id, status, model, created_at, completed_at?, progress?, output?, error?}</c>.
/// </summary>
internal sealed class AIVideoApiTask
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("taskId")]
    public string? TaskId { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    // Unix seconds (or milliseconds) or an ISO 8601 string: the documentation shows neither.
    [JsonPropertyName("created_at")]
    public JsonElement CreatedAt { get; set; }

    [JsonPropertyName("completed_at")]
    public JsonElement CompletedAt { get; set; }

    // 0-100, possibly null; tolerate a 0-1 fraction.
    [JsonPropertyName("progress")]
    public double? Progress { get; set; }

    [JsonPropertyName("output")]
    public AIVideoApiOutput? Output { get; set; }

    [JsonPropertyName("error")]
    public AIVideoApiError? Error { get; set; }
}
