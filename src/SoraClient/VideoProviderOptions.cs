namespace SoraClient;

/// <summary>Settings every gateway adapter has. Each adapter's options derive from this class.</summary>
public abstract class VideoProviderOptions
{
    /// <summary>Gets or sets the registration name, used as <see cref="VideoJob.Provider"/> and in messages and logs.</summary>
    /// <value>Dependency injection sets it to the registration name; by hand it defaults to the adapter's name (for example <c>openai</c>).</value>
    public string? ProviderName { get; set; }

    /// <summary>Gets or sets the gateway's base address; <see langword="null"/> uses the adapter's documented default.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the API key. Required unless <see cref="ApiKeyProvider"/> is set. It is sent only to <see cref="Endpoint"/> and never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets a callback that supplies the key for each request, instead of a fixed <see cref="ApiKey"/>: an Azure
    /// Entra ID access token (<c>async ct => (await credential.GetTokenAsync(context, ct)).Token</c>), or a key kept in a
    /// vault that rotates. It is called before every request to the gateway (never for other hosts), so a long-running
    /// app picks up a refreshed token at once; it should cache and renew the token before it expires (Azure.Identity's
    /// credentials do). Each key it returns is redacted like <see cref="ApiKey"/>. If it throws, the call fails with
    /// <see cref="VideoAuthenticationException"/> before anything is sent.
    /// </summary>
    /// <remarks>Set either this or <see cref="ApiKey"/>, not both. It cannot come from configuration.</remarks>
    public Func<CancellationToken, ValueTask<string>>? ApiKeyProvider { get; set; }

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
    public TimeSpan DownloadIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets the largest JSON answer (a create, a status read, an error) read from the gateway, in bytes. A longer
    /// answer fails as <c>invalid_response</c> without reading the rest (after a create, as <see cref="VideoSubmissionUncertainException"/>).
    /// Downloads are not limited by it.
    /// </summary>
    /// <value>The default is 4 MiB; at most 1 GiB.</value>
    public int MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>The default of <see cref="MaxResponseBytes"/>: 4 MiB.</summary>
    internal const int DefaultMaxResponseBytes = 4 * 1024 * 1024;

    /// <summary>The largest <see cref="MaxResponseBytes"/>: 1 GiB.</summary>
    internal const int MaxMaxResponseBytes = 1024 * 1024 * 1024;

    /// <summary>Gets or sets how long a whole download may take, resumes included; a body that never ends fails when it passes.</summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the largest asset a download accepts, in bytes; a longer announced length is refused before reading, a longer body when it passes.</summary>
    /// <value>The default is 4 GiB (a Sora clip is tens of megabytes).</value>
    public long MaxDownloadBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Gets or sets whether links the gateway hands out (result URLs and redirects) may lead to loopback, link-local
    /// (cloud metadata), private or other internal addresses on another host than <see cref="Endpoint"/>'s own.
    /// </summary>
    /// <value>
    /// The default is <see langword="false"/>: such links are refused before connecting, so a hostile or compromised gateway
    /// cannot make the SDK fetch from inside your network. Set it for a test setup whose files live on another local port.
    /// </value>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>
    /// Gets or sets the most requests per second this registration sends to its gateway, all calls together (creates,
    /// status and batch reads, downloads, character calls, retries), however many jobs wait at once. Requests beyond it
    /// queue (spaced evenly, never in bursts) and still honour their caller's cancellation and deadline; queueing never
    /// makes a create uncertain. Set it to what the gateway's plan allows.
    /// </summary>
    /// <value>The default is <see langword="null"/>: no limit. It may be fractional (0.5 is one request every 2 seconds).</value>
    public double? MaxRequestsPerSecond { get; set; }

    /// <summary>
    /// Gets or sets the most requests of this registration in flight at once, all calls together. A request holds its
    /// place until its answer is read (for a download, until the headers arrive: streaming the body holds none).
    /// </summary>
    /// <value>The default is <see langword="null"/>: no limit.</value>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>
    /// Gets or sets a limiter that every request of this registration passes as well, one permit per attempt at the moment
    /// it is sent (creates, status and batch reads, downloads, character calls, retries), after <see cref="MaxConcurrentRequests"/>
    /// and <see cref="MaxRequestsPerSecond"/>: a rate shared with other processes, such as every worker of a PostgreSQL job
    /// ledger (<c>PostgreSqlVideoJobLedger.CreateRateLimiter</c>). A request waits for its permit without its attempt
    /// timeout running; a permit the limiter refuses fails the call with <see cref="VideoRateLimitException"/> before
    /// anything is sent.
    /// </summary>
    /// <remarks>It cannot come from configuration. The registration never disposes it.</remarks>
    /// <value>The default is <see langword="null"/>: none.</value>
    public System.Threading.RateLimiting.RateLimiter? RateLimiter { get; set; }
}
