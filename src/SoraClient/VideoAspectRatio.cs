using System.Text.Json.Serialization;

namespace SoraClient;

/// <summary>The shape of a video, independent of any gateway's vocabulary.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VideoAspectRatio>))] // serialised by name, not as a number (ASP.NET Core responses, stored JSON)
public enum VideoAspectRatio
{
    /// <summary>Wider than tall (16:9).</summary>
    Landscape,

    /// <summary>Taller than wide (9:16).</summary>
    Portrait,

    /// <summary>As wide as tall (1:1).</summary>
    Square,
}
