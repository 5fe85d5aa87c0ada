using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.AceData.Internal;

/// <summary>
/// The result of a generation: the answer of <c>POST /sora/videos</c> (just <c>task_id</c> in async and callback mode),
/// the body POSTed to <c>callback_url</c>, and the <c>response</c> of a task read through <c>/sora/tasks</c>.
/// </summary>
internal sealed class AceDataResult
{
    [JsonPropertyName("success")]
    public bool? Success { get; set; }

    [JsonPropertyName("task_id")]
    public string? TaskId { get; set; }

    [JsonPropertyName("trace_id")]
    public string? TraceId { get; set; }

    // An array of videos in the documentation; tolerate a single object.
    [JsonPropertyName("data")]
    public JsonElement Data { get; set; }

    [JsonPropertyName("error")]
    public AceDataError? Error { get; set; }
}
