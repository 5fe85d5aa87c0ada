using System.Text.Json.Serialization;

namespace SoraClient.Providers.AceData.Internal;

/// <summary>One video of a result: <c>{"id","video_url","state"}</c> (<c>state</c>: <c>pending</c>, <c>succeeded</c>, <c>failed</c>).</summary>
internal sealed class AceDataVideo
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("video_url")]
    public string? VideoUrl { get; set; }

    [JsonPropertyName("state")]
    public string? State { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }
}
