using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary><c>{"code","message","type"}</c>: the error envelope's body, and a failed task's <c>error</c> (without <c>type</c>).</summary>
internal sealed class AIVideoApiError
{
    [JsonPropertyName("code")]
    public required string Code { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }
}
