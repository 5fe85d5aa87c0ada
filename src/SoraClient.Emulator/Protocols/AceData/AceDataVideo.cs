using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary>One video of a result: <c>{"id","video_url","state"}</c>, with the request's prompt, model and duration.</summary>
internal sealed class AceDataVideo
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("video_url")]
    public string? VideoUrl { get; init; }

    [JsonPropertyName("state")]
    public required string State { get; init; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("duration")]
    public int? Duration { get; init; }
}
