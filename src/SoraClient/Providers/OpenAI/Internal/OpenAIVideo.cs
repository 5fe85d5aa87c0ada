using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.OpenAI.Internal;

/// <summary>The <c>Video</c> object of <c>/v1/videos</c>. Every field is optional here: relays omit some.</summary>
internal sealed class OpenAIVideo
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("progress")]
    public double? Progress { get; set; }

    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; set; }

    [JsonPropertyName("completed_at")]
    public long? CompletedAt { get; set; }

    [JsonPropertyName("expires_at")]
    public long? ExpiresAt { get; set; }

    [JsonPropertyName("size")]
    public string? Size { get; set; }

    // A string in the spec ("8"); the retired APIYI channel sent a number.
    [JsonPropertyName("seconds")]
    public JsonElement Seconds { get; set; }

    [JsonPropertyName("remixed_from_video_id")]
    public string? RemixedFromVideoId { get; set; }

    [JsonPropertyName("error")]
    public OpenAIError? Error { get; set; }
}
