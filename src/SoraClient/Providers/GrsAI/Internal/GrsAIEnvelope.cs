using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>The <c>{code, msg, data}</c> envelope of polling-mode answers; <c>code</c> 0 is success, anything else an error (on HTTP 200).</summary>
internal sealed class GrsAIEnvelope
{
    [JsonPropertyName("code")]
    public long? Code { get; set; }

    [JsonPropertyName("msg")]
    public string? Msg { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("data")]
    public JsonElement Data { get; set; }

    /// <summary>The message, whichever key carried it.</summary>
    [JsonIgnore]
    public string? Text => Msg ?? Message;
}
