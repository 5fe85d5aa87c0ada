using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary><c>{"code":200,"msg":"success","data":{"taskId"}}</c>.</summary>
internal sealed class AIVideoApiCreated
{
    [JsonPropertyName("code")]
    public int Code { get; init; } = 200;

    [JsonPropertyName("msg")]
    public string Msg { get; init; } = "success";

    [JsonPropertyName("data")]
    public required AIVideoApiCreatedData Data { get; init; }
}
