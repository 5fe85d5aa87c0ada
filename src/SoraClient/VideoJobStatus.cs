using System.Text.Json.Serialization;

namespace SoraClient;

/// <summary>The provider-neutral state of a job. The gateway's own word is kept in <see cref="VideoJob.ProviderStatus"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VideoJobStatus>))] // serialised by name, not as a number (ASP.NET Core responses, stored JSON)
public enum VideoJobStatus
{
    /// <summary>Accepted, not started yet (also used for a gateway word this library does not know).</summary>
    Queued,

    /// <summary>Being generated.</summary>
    Running,

    /// <summary>Finished with at least one asset. Terminal.</summary>
    Succeeded,

    /// <summary>Finished without a usable result; see <see cref="VideoJob.Error"/>. Terminal.</summary>
    Failed,

    /// <summary>Canceled before it finished. Terminal.</summary>
    Canceled,

    /// <summary>Finished, but its assets are no longer available. Terminal.</summary>
    Expired,
}
