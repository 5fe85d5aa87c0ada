using System.Text.Json.Serialization;

namespace SoraClient.Providers.AceData.Internal;

/// <summary>The create request a task records: what was asked for, so a job read later knows its settings.</summary>
internal sealed class AceDataTaskRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("duration")]
    public int? Duration { get; set; }

    [JsonPropertyName("size")]
    public string? Size { get; set; }

    [JsonPropertyName("orientation")]
    public string? Orientation { get; set; }
}
