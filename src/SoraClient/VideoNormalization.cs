using System.Text.Json.Serialization;

namespace SoraClient;

/// <summary>What to do with a requested value the model does not support.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VideoNormalization>))] // serialised by name, not as a number (ASP.NET Core responses, stored JSON)
public enum VideoNormalization
{
    /// <summary>Throw <see cref="VideoRequestValidationException"/> before any request is sent, listing the allowed values.</summary>
    Strict,

    /// <summary>Use the closest allowed value and record the change in <see cref="VideoGenerationSettings.Adjustments"/>.</summary>
    Nearest,
}
