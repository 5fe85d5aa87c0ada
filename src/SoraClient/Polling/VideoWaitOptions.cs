namespace SoraClient;

/// <summary>How <see cref="VideoGeneratorExtensions.WaitForCompletionAsync(IVideoGenerator, string, VideoWaitOptions?, IProgress{VideoJob}?, CancellationToken)"/> reads a job until it finishes.</summary>
/// <remarks>
/// The next read is placed by, in order: the gateway's hint (<c>Retry-After</c>, <c>openai-poll-after-ms</c>);
/// the observed progress rate (the read lands at 60 % of the estimated time left, at the estimated completion in its last
/// 15 seconds, and in a short backoff from <see cref="MinInterval"/> once that has passed); otherwise a wait that grows
/// with the time waited so far: the second read 30 seconds after the start, then each a fifth of the time waited later,
/// so a job of any length costs reads that grow with the logarithm of its length, and its completion is noticed about a
/// tenth of its length late. Every delay except a gateway hint gets <see cref="Jitter"/> and stays between
/// <see cref="MinInterval"/> and <see cref="MaxInterval"/>; no delay, hints included, is shorter than <see cref="MinInterval"/>.
/// <see cref="Timeout"/> bounds the whole wait: a read still in flight at the deadline is cancelled, and the last read
/// starts a second before it.
/// </remarks>
public sealed class VideoWaitOptions
{
    /// <summary>Gets or sets the wait before the first read of a job that was just submitted.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the shortest wait between reads; a shorter gateway hint (even 0) is raised to it.</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the longest wait between reads (gateway hints may be longer).</summary>
    /// <value>The default is 5 minutes: a bound, not a pace (a fixed cap would make reads grow with the job's length).</value>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long to wait in total before throwing <see cref="VideoWaitTimeoutException"/>.</summary>
    /// <value>The default is 30 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the random spread applied to each delay, as a fraction (0.1 = ±10 %), so many waiters do not read in lockstep.</summary>
    /// <value>The default is 0.1.</value>
    public double Jitter { get; set; } = 0.1;

    /// <summary>Gets or sets how many reads in a row may fail with a transient error before the wait gives up and rethrows.</summary>
    /// <value>The default is 5.</value>
    public int MaxConsecutiveFailures { get; set; } = 5;

    /// <summary>Gets or sets the clock; <see langword="null"/> uses the generator's (or the system clock).</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>A copy with another time limit, for the part of a wait that is left.</summary>
    internal VideoWaitOptions WithTimeout(TimeSpan timeout) => new()
    {
        InitialDelay = InitialDelay,
        MinInterval = MinInterval,
        MaxInterval = MaxInterval,
        Timeout = timeout,
        Jitter = Jitter,
        MaxConsecutiveFailures = MaxConsecutiveFailures,
        TimeProvider = TimeProvider,
    };

    internal static void Validate(VideoWaitOptions options)
    {
        var problem =
            options.InitialDelay < TimeSpan.Zero ? "InitialDelay must not be negative"
            : options.MinInterval < TimeSpan.Zero ? "MinInterval must not be negative"
            : options.MaxInterval < options.MinInterval ? "MaxInterval must be at least MinInterval"
            : options.Timeout <= TimeSpan.Zero ? "Timeout must be positive"
            : options.MaxConsecutiveFailures < 0 ? "MaxConsecutiveFailures must not be negative"
            : options.Jitter is not (>= 0 and <= 1) ? "Jitter must be between 0 and 1"
            : null;
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid {nameof(VideoWaitOptions)}: {problem}.", nameof(options));
        }
    }
}
