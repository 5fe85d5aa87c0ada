using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.AIVideoApi.Internal;

/// <summary>
/// An error answer: <c>{"error":{"code","message","type"}}</c> as documented, or the platform's
/// <c>{"code":4xx,"msg"}</c> shape (the one its create answer uses with <c>code:200</c>). A 2xx body with a <c>status</c>
/// is a task, whose <c>error</c> is the job's failure, not the request's.
/// </summary>
internal sealed class AIVideoApiErrorEnvelope
{
    [JsonPropertyName("error")]
    public JsonElement Error { get; set; }

    [JsonPropertyName("code")]
    public JsonElement Code { get; set; }

    [JsonPropertyName("msg")]
    public string? Msg { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    // A task (which may carry a job "error" of its own) has a status; an error envelope has none.
    [JsonPropertyName("status")]
    public JsonElement Status { get; set; }
}
