using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.OpenAI.Internal;

/// <summary>The error object, both in the <c>{"error":{...}}</c> envelope and in a failed <c>Video</c>.</summary>
internal sealed class OpenAIError
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("param")]
    public string? Param { get; set; }

    // A string in the spec; some relays send a number.
    [JsonPropertyName("code")]
    public JsonElement Code { get; set; }

    public string? CodeText => Code.ValueKind switch
    {
        JsonValueKind.String => Code.GetString(),
        JsonValueKind.Number => Code.GetRawText(),
        _ => null,
    };
}
