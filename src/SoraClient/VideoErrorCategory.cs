using System.Text.Json.Serialization;

namespace SoraClient;

/// <summary>Why a job failed, in terms a caller can act on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VideoErrorCategory>))] // serialised by name, not as a number (ASP.NET Core responses, stored JSON)
public enum VideoErrorCategory
{
    /// <summary>The cause is not known.</summary>
    Unknown,

    /// <summary>Moderation rejected the prompt, an input or the output. Resubmitting unchanged will fail again.</summary>
    ContentPolicy,

    /// <summary>A temporary gateway or upstream problem. Resubmitting later may succeed.</summary>
    Transient,

    /// <summary>The gateway rejected a parameter.</summary>
    InvalidRequest,

    /// <summary>The account has run out of credit or quota.</summary>
    Quota,
}
