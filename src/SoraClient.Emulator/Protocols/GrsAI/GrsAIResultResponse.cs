using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>The <c>{code, msg, data}</c> envelope with a task (or <c>null</c>, for errors).</summary>
internal sealed class GrsAIResultResponse
{
    [JsonPropertyName("code")]
    public required int Code { get; init; }

    [JsonPropertyName("msg")]
    public required string Msg { get; init; }

    [JsonPropertyName("data")]
    public GrsAITask? Data { get; init; }
}
