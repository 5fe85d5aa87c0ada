using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>The <c>Video</c> object (spec <c>VideoResource</c>): every required key is always written, nulls included.</summary>
internal sealed class OpenAIVideo
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("object")]
    public string Object => "video";

    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("progress")]
    public required int Progress { get; init; }

    [JsonPropertyName("created_at")]
    public required long CreatedAt { get; init; }

    [JsonPropertyName("completed_at")]
    public required long? CompletedAt { get; init; }

    [JsonPropertyName("expires_at")]
    public required long? ExpiresAt { get; init; }

    [JsonPropertyName("prompt")]
    public required string? Prompt { get; init; }

    [JsonPropertyName("size")]
    public required string Size { get; init; }

    [JsonPropertyName("seconds")]
    public required string Seconds { get; init; }

    [JsonPropertyName("remixed_from_video_id")]
    public required string? RemixedFromVideoId { get; init; }

    [JsonPropertyName("error")]
    public required OpenAIVideoError? Error { get; init; }
}
