using System.Text.Json.Serialization;

namespace SoraClient.Providers.AceData.Internal;

/// <summary>
/// A task as <c>POST /sora/tasks</c> reads it: <c>{id, created_at, request, response, trace_id, ...}</c>. The
/// <c>response</c> is the generation's result, absent while the task runs.
/// </summary>
internal sealed class AceDataTask
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    // Unix seconds with a fraction.
    [JsonPropertyName("created_at")]
    public double? CreatedAt { get; set; }

    [JsonPropertyName("finished_at")]
    public double? FinishedAt { get; set; }

    [JsonPropertyName("request")]
    public AceDataTaskRequest? Request { get; set; }

    [JsonPropertyName("response")]
    public AceDataResult? Response { get; set; }

    [JsonPropertyName("trace_id")]
    public string? TraceId { get; set; }
}
