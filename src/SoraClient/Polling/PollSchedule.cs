namespace SoraClient.Polling;

/// <summary>
/// Decides when to read a job next. Gateway hints win. When the job reports rising progress, the rate places the read:
/// at 60 % of the time left while completion is far off (each read sharpens the estimate), at the estimated completion
/// in the last <see cref="s_finalStretch"/>, and in a short backoff once that time has passed. Otherwise the wait grows with
/// the time waited (a fifth of it), so a job of any length is read a number of times that grows with the logarithm of its
/// length and its completion is noticed about a tenth of its length late. Pure apart from the random source, so it is
/// tested without a clock.
/// </summary>
internal sealed class PollSchedule
{
    /// <summary>Without progress, each wait is this fraction of the time waited so far (the median lateness is about half of it).</summary>
    internal const double Growth = 0.2;

    /// <summary>While completion is further than <see cref="s_finalStretch"/> away, the read comes after this part of the time left.</summary>
    internal const double Lead = 0.6;

    /// <summary>Without progress, the read after the first comes this long after the wait started: videos are rarely done sooner.</summary>
    private static readonly TimeSpan s_firstCheck = TimeSpan.FromSeconds(30);

    /// <summary>Within this of the estimated completion, the read is placed at it.</summary>
    private static readonly TimeSpan s_finalStretch = TimeSpan.FromSeconds(15);

    private const double BackoffFactor = 1.5;
    private readonly VideoWaitOptions _options;
    private readonly DateTimeOffset _start;
    private readonly Func<double> _random;
    private (DateTimeOffset At, int Progress)? _first;
    private (DateTimeOffset At, int Progress)? _latest;
    private TimeSpan _backoff;

    /// <param name="options">The bounds and jitter.</param>
    /// <param name="start">When the wait started: the time waited so far is counted from it.</param>
    /// <param name="random">The random source of the jitter.</param>
    public PollSchedule(VideoWaitOptions options, DateTimeOffset start, Func<double>? random = null)
    {
        _options = options;
        _start = start;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Notes the job the wait starts with (as submitted), so that the first read already gives a progress rate.</summary>
    public void Starting(VideoJob job) => Observe(job, _start);

    /// <summary>The delay before the next read, given the job just read at <paramref name="now"/>.</summary>
    public TimeSpan Next(VideoJob job, DateTimeOffset now)
    {
        Observe(job, now);
        if (job.PollAfter is { } hint)
        {
            return Floor(hint);
        }

        if (EstimateCompletion() is { } completion)
        {
            var remaining = completion - now;
            if (remaining <= TimeSpan.Zero)
            {
                // Overdue: the job should be done, so read again soon, less often the longer it runs over (never waiting longer than without progress).
                var backoff = NextBackoff();
                return WithJitter(backoff < Growing(now) ? backoff : Growing(now));
            }

            _backoff = TimeSpan.Zero;
            return WithJitter(remaining > s_finalStretch ? remaining * Lead : remaining);
        }

        _backoff = TimeSpan.Zero;
        return WithJitter(Growing(now));
    }

    /// <summary>The delay after a failed read: the gateway's Retry-After when it gave one, else the next backoff step from <see cref="VideoWaitOptions.MinInterval"/>.</summary>
    public TimeSpan AfterFailure(Exception exception) =>
        exception is VideoProviderException { RetryAfter: { } retryAfter } ? Floor(retryAfter) : WithJitter(NextBackoff());

    /// <summary>A gateway hint, raised to <see cref="VideoWaitOptions.MinInterval"/>: a hint of 0 must not turn the wait into a storm of reads.</summary>
    public TimeSpan Floor(TimeSpan hint) => hint < _options.MinInterval ? _options.MinInterval : hint;

    /// <summary>Estimated time until 100 %, from the progress rate observed since the first report.</summary>
    internal TimeSpan? EstimateRemaining(DateTimeOffset now) => EstimateCompletion() - now;

    /// <summary>When the job should reach 100 %: the latest report plus its remaining points at the rate observed since the first report.</summary>
    private DateTimeOffset? EstimateCompletion()
    {
        // A rise of one point may be rounding (a job at 1.9 % reads 1), which over a short time gives a far wrong rate.
        if (_first is not { } first || _latest is not { } latest || latest.Progress - first.Progress < 2 || latest.At <= first.At)
        {
            return null;
        }

        var perSecond = (latest.Progress - first.Progress) / (latest.At - first.At).TotalSeconds;
        return latest.At + TimeSpan.FromSeconds(Math.Max(0, 100 - latest.Progress) / perSecond);
    }

    /// <summary>The wait without progress: a fifth of the time waited, and at least until <see cref="s_firstCheck"/>.</summary>
    private TimeSpan Growing(DateTimeOffset now)
    {
        var waited = now - _start;
        var next = waited * (1 + Growth);
        return (next < s_firstCheck ? s_firstCheck : next) - waited;
    }

    private void Observe(VideoJob job, DateTimeOffset now)
    {
        if (job.IsProgressEstimated || job.Progress is not { } value)
        {
            return; // an estimate says nothing about the real rate
        }

        // The rate counts from the last report before progress rose (a queued job's 0 % says nothing about its speed), and
        // starts again when progress goes back (a restarted job).
        if (_first is not { } first || value < first.Progress || (value == first.Progress && _latest!.Value.Progress == value))
        {
            _first = (now, value);
            _latest = (now, value);
        }
        else if (value > _latest!.Value.Progress)
        {
            _latest = (now, value);
        }
    }

    private TimeSpan NextBackoff()
    {
        _backoff = _backoff == TimeSpan.Zero ? _options.MinInterval : _backoff * BackoffFactor;
        _backoff = Clamp(_backoff);
        return _backoff;
    }

    private TimeSpan Clamp(TimeSpan delay) =>
        delay < _options.MinInterval ? _options.MinInterval : delay > _options.MaxInterval ? _options.MaxInterval : delay;

    // Clamped again: MinInterval and MaxInterval are the documented bounds; only gateway hints may pass MaxInterval.
    private TimeSpan WithJitter(TimeSpan delay) =>
        _options.Jitter == 0 ? Clamp(delay) : Clamp(delay * (1 + (_options.Jitter * ((2 * _random()) - 1))));
}
