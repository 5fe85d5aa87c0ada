using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>One result of a task: a video (<c>url</c>, <c>removeWatermark</c>, <c>pid</c>) or a character (<c>character_id</c>).</summary>
internal sealed class GrsAIResult
{
    [JsonPropertyName("url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [JsonPropertyName("removeWatermark")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? RemoveWatermark { get; init; }

    [JsonPropertyName("pid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pid { get; init; }

    [JsonPropertyName("character_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CharacterId { get; init; }
}
