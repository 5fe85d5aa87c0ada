namespace SoraClient;

/// <summary>Per-call options for <see cref="IVideoGenerator.SubmitAsync"/>.</summary>
public class VideoGenerationOptions
{
    /// <summary>Initializes a new instance of the <see cref="VideoGenerationOptions"/> class.</summary>
    public VideoGenerationOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoGenerationOptions"/> class as a copy of another.</summary>
    /// <param name="other">The options to copy.</param>
    protected VideoGenerationOptions(VideoGenerationOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Normalization = other.Normalization;
        DeliveryMode = other.DeliveryMode;
    }

    /// <summary>Gets or sets what to do with unsupported values; <see langword="null"/> uses the generator's setting.</summary>
    /// <value>The default of every generator is <see cref="VideoNormalization.Strict"/>.</value>
    public VideoNormalization? Normalization { get; set; }

    /// <summary>Gets or sets how the gateway should report progress, where it offers a choice; <see langword="null"/> uses the generator's setting.</summary>
    public VideoDeliveryMode? DeliveryMode { get; set; }

    /// <summary>Creates a copy, so middleware can change options without touching the caller's instance.</summary>
    /// <returns>The copy.</returns>
    public virtual VideoGenerationOptions Clone() => new(this);
}
