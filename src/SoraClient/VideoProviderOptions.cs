namespace SoraClient;

/// <summary>Settings every gateway adapter has. Each adapter's options derive from this class.</summary>
public abstract class VideoProviderOptions
{
    /// <summary>Gets or sets the registration name, used as <see cref="VideoJob.Provider"/> and in messages and logs.</summary>
    /// <value>Dependency injection sets it to the registration name; by hand it defaults to the adapter's name (for example <c>openai</c>).</value>
    public string? ProviderName { get; set; }

    /// <summary>Gets or sets the gateway's base address; <see langword="null"/> uses the adapter's documented default.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the API key. Required. It is sent only to <see cref="Endpoint"/> and never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the model used when a request names none; <see langword="null"/> uses the adapter's default.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Gets or sets what to do with unsupported values when a call does not say.</summary>
    /// <value>The default is <see cref="VideoNormalization.Strict"/>.</value>
    public VideoNormalization Normalization { get; set; } = VideoNormalization.Strict;

    /// <summary>
    /// Gets or sets model capabilities that replace the adapter's defaults with the same <see cref="VideoModelCapabilities.Model"/>,
    /// or add new models (for example an Azure OpenAI deployment name).
    /// </summary>
    public IList<VideoModelCapabilities> Models { get; set; } = [];

    /// <summary>Gets or sets the time limit of one HTTP attempt (a create, a status read, or the headers of a download).</summary>
    /// <value>The default is 100 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets how many times a failed status read or download is retried, and a create that was provably not accepted.</summary>
    /// <value>The default is 3.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets how long a download may go without receiving a byte before it reconnects and resumes.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan DownloadIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);}
