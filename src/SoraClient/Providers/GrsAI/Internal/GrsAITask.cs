using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>
/// GrsAI's task object: the <c>data</c> of <c>/v1/draw/result</c>, each streamed record, each callback body.
/// Every field is optional here; <c>error</c> is read as raw JSON because sources disagree on its type.
/// </summary>
internal sealed class GrsAITask
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("progress")]
    public double? Progress { get; set; }

    [JsonPropertyName("results")]
    public List<GrsAIResult>? Results { get; set; }

    [JsonPropertyName("failure_reason")]
    public string? FailureReason { get; set; }

    [JsonPropertyName("error")]
    public JsonElement Error { get; set; }

    /// <summary>The <c>error</c> detail as text, when there is one.</summary>
    [JsonIgnore]
    public string? ErrorText => Error.ValueKind switch
    {
        JsonValueKind.String => Error.GetString() is { Length: > 0 } text ? text : null,
        JsonValueKind.Object when Error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String => message.GetString(),
        JsonValueKind.Object or JsonValueKind.Array => Error.GetRawText(),
        _ => null,
    };
}
