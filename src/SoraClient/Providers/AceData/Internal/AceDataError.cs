using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.AceData.Internal;

/// <summary><c>{"code","message"}</c>, in an error envelope and in a failed task's result.</summary>
internal sealed class AceDataError
{
    // A string in the documentation; tolerate a number.
    [JsonPropertyName("code")]
    public JsonElement Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    public string? CodeText => Code.ValueKind switch
    {
        JsonValueKind.String => Code.GetString(),
        JsonValueKind.Number => Code.GetRawText(),
        _ => null,
    };
}
