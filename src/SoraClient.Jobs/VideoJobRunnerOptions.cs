namespace SoraClient.Jobs;

/// <summary>Settings of a <see cref="VideoJobRunner"/>.</summary>
public sealed class VideoJobRunnerOptions
{
    /// <summary>Gets or sets how many rows are worked on at once (submitted, waited on, downloaded).</summary>
    /// <value>The default value is 4.</value>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Gets or sets the most rows this runner submits per second, or <see langword="null"/> for no pacing of its own.
    /// Status reads follow the wait schedule (<see cref="WaitOptions"/>) and the gateway's hints. For a limit on every
    /// request of the gateway registration, retries included, or one shared by several processes, set the registration's
    /// <see cref="VideoProviderOptions.MaxRequestsPerSecond"/> or <see cref="VideoProviderOptions.RateLimiter"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public double? MaxRequestsPerSecond { get; set; }

    /// <summary>Gets or sets the folder the videos are downloaded to, or <see langword="null"/> not to download.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? OutputDirectory { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether uncertain rows are submitted again. A retried row can be billed twice
    /// when the first create did reach the gateway; check the gateway's job list first.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RetryUncertain { get; set; }

    /// <summary>Gets or sets the normalisation of new rows, or <see langword="null"/> for the provider's default.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public VideoNormalization? Normalization { get; set; }

    /// <summary>Gets or sets how jobs are waited on; <see langword="null"/> for the defaults.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public VideoWaitOptions? WaitOptions { get; set; }

    /// <summary>Gets or sets this worker's id in the ledger's leases.</summary>
    /// <value>The default value is the machine name, the process id and a random part.</value>
    public string WorkerId { get; set; } = FormattableString.Invariant($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    /// <summary>Gets or sets how long a lease on a row lasts; the runner renews it while it works on the row.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    internal void Validate(string parameterName)
    {
        if (MaxConcurrency < 1)
        {
            throw new ArgumentException($"{nameof(MaxConcurrency)} must be at least 1, not {MaxConcurrency}.", parameterName);
        }

        if (MaxRequestsPerSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentException($"{nameof(MaxRequestsPerSecond)} must be a positive number, not {rate}.", parameterName);
        }

        if (LeaseDuration <= TimeSpan.Zero || string.IsNullOrWhiteSpace(WorkerId))
        {
            throw new ArgumentException($"{nameof(LeaseDuration)} must be positive and {nameof(WorkerId)} non-empty.", parameterName);
        }
    }
}
