using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>The answer to a create in polling or webhook mode: <c>{"code":0,"msg":"success","data":{"id":...}}</c>.</summary>
internal sealed class GrsAISubmitResponse
{
    [JsonPropertyName("code")]
    public int Code => 0;

    [JsonPropertyName("msg")]
    public string Msg => "success";

    [JsonPropertyName("data")]
    public required GrsAITaskId Data { get; init; }
}
