using System.Text.Json.Serialization;

namespace SoraClient;

/// <summary>A resolution tier, independent of any gateway's vocabulary. Tiers are ordered from lowest to highest.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VideoResolution>))] // serialised by name, not as a number (ASP.NET Core responses, stored JSON)
public enum VideoResolution
{
    /// <summary>About 720p (for example 1280x720, or GrsAI's <c>small</c>).</summary>
    Standard,

    /// <summary>Above 720p (for example 1792x1024, or GrsAI's <c>large</c>).</summary>
    High,

    /// <summary>1080p (for example 1920x1080).</summary>
    FullHd,
}
