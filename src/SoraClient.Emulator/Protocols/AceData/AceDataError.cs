using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary><c>{"code","message"}</c>.</summary>
internal sealed class AceDataError
{
    [JsonPropertyName("code")]
    public required string Code { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }
}
