using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary>A task as the Tasks API reads it; <c>response</c> is absent until the generation has a result.</summary>
internal sealed class AceDataTask
{
    [JsonPropertyName("_id")]
    public required string InternalId { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    // Unix seconds with a fraction.
    [JsonPropertyName("created_at")]
    public required double CreatedAt { get; init; }

    [JsonPropertyName("request")]
    public required JsonElement Request { get; init; }

    [JsonPropertyName("response")]
    public AceDataResult? Response { get; init; }

    [JsonPropertyName("trace_id")]
    public required string TraceId { get; init; }

    [JsonPropertyName("type")]
    public string Type { get; init; } = "videos";
}
