using System.Text.Json.Nodes;

namespace SoraClient;

/// <summary>
/// What to generate, in provider-neutral terms. The generator maps it to its gateway's fields after checking
/// it against the model's <see cref="VideoModelCapabilities"/>.
/// </summary>
public sealed class VideoGenerationRequest
{
    /// <summary>Initializes a new instance of the <see cref="VideoGenerationRequest"/> class.</summary>
    public VideoGenerationRequest()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoGenerationRequest"/> class with a prompt.</summary>
    /// <param name="prompt">What the video shows.</param>
    public VideoGenerationRequest(string prompt) => Prompt = prompt;

    /// <summary>Gets or sets what the video shows. Required.</summary>
    public string Prompt { get; set; } = string.Empty;

    /// <summary>Gets or sets the model; <see langword="null"/> uses the generator's default model.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the length in seconds; <see langword="null"/> uses the model's default.</summary>
    public int? DurationSeconds { get; set; }

    /// <summary>Gets or sets the shape of the video; <see langword="null"/> uses the model's default.</summary>
    public VideoAspectRatio? AspectRatio { get; set; }

    /// <summary>Gets or sets the resolution tier; <see langword="null"/> uses the lowest tier of the chosen shape.</summary>
    public VideoResolution? Resolution { get; set; }

    /// <summary>
    /// Gets or sets a size in the gateway's own terms (for example <c>1280x720</c>), one of the names in
    /// <see cref="VideoModelCapabilities.Sizes"/>. When set, it overrides <see cref="AspectRatio"/> and <see cref="Resolution"/>.
    /// </summary>
    public string? Size { get; set; }

    /// <summary>Gets or sets an image the video starts from (image-to-video).</summary>
    public VideoInput? ReferenceImage { get; set; }

    /// <summary>Gets or sets the ids of characters the video features (gateways that support characters).</summary>
    public IList<string> Characters { get; set; } = [];

    /// <summary>Gets or sets the gateway's id of an earlier video to remix (a video id, or GrsAI's <c>pid</c>).</summary>
    public string? RemixOf { get; set; }

    /// <summary>Gets or sets a URL the gateway calls when the job progresses or ends (gateways that support callbacks).</summary>
    public Uri? CallbackUri { get; set; }

    /// <summary>Gets or sets raw fields merged into the gateway's request body, for what the neutral model lacks (they win over mapped fields).</summary>
    public IDictionary<string, JsonNode?> AdditionalProperties { get; set; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>A shallow copy, so an adapter can fill in a value without changing the caller's request.</summary>
    internal VideoGenerationRequest Copy() => (VideoGenerationRequest)MemberwiseClone();
}
