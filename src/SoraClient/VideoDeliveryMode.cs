using System.Text.Json.Serialization;

namespace SoraClient;

/// <summary>How a gateway tells the client that a job progressed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VideoDeliveryMode>))] // serialised by name, not as a number (ASP.NET Core responses, stored JSON)
public enum VideoDeliveryMode
{
    /// <summary>The client reads the job's state repeatedly.</summary>
    Polling,

    /// <summary>The gateway keeps the submit response open and streams job snapshots.</summary>
    Streaming,

    /// <summary>The gateway posts updates to a callback URL.</summary>
    Webhook,
}
