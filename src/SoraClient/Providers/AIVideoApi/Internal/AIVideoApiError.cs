using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.AIVideoApi.Internal;

/// <summary><c>{"code","message","type"}</c>: the error envelope's body and a failed task's <c>error</c>.</summary>
internal sealed class AIVideoApiError
{
    // A string in the documentation; tolerate a number.
    [JsonPropertyName("code")]
    public JsonElement Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    public string? CodeText => Code.ValueKind switch
    {
        JsonValueKind.String => Code.GetString(),
        JsonValueKind.Number => Code.GetRawText(),
        _ => null,
    };
}
