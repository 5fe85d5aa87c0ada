namespace SoraClient.Polling;

/// <summary>
/// Decides when to read a job next. Gateway hints win; when the job reports rising progress, the read is placed
/// at the estimated completion time (so a finished job is noticed soon without reading often); otherwise the
/// delay grows exponentially. Pure apart from the random source, so it is tested without a clock.
/// </summary>
internal sealed class PollSchedule
{
    private const double BackoffFactor = 1.5;
    private readonly VideoWaitOptions _options;
    private readonly Func<double> _random;
    private (DateTimeOffset At, int Progress)? _first;
    private (DateTimeOffset At, int Progress)? _latest;
    private TimeSpan _backoff;

    public PollSchedule(VideoWaitOptions options, Func<double>? random = null)
    {
        _options = options;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The delay before the next read, given the job just read at <paramref name="now"/>.</summary>
    public TimeSpan Next(VideoJob job, DateTimeOffset now)
    {
        var advanced = Observe(job.IsProgressEstimated ? null : job.Progress, now); // an estimate says nothing about the real rate
        if (job.PollAfter is { } hint)
        {
            return Floor(hint);
        }

        if (advanced && EstimateRemaining() is { } remaining)
        {
            _backoff = TimeSpan.Zero;
            return WithJitter(Clamp(remaining));
        }

        return WithJitter(NextBackoff());
    }

    /// <summary>The delay after a failed read: the gateway's Retry-After when it gave one, else the next backoff step.</summary>
    public TimeSpan AfterFailure(Exception exception) =>
        exception is VideoProviderException { RetryAfter: { } retryAfter } ? Floor(retryAfter) : WithJitter(NextBackoff());

    /// <summary>A gateway hint, raised to <see cref="VideoWaitOptions.MinInterval"/>: a hint of 0 must not turn the wait into a storm of reads.</summary>
    public TimeSpan Floor(TimeSpan hint) => hint < _options.MinInterval ? _options.MinInterval : hint;

    /// <summary>Estimated time until 100 %, from the progress rate observed since the first report.</summary>
    internal TimeSpan? EstimateRemaining()
    {
        if (_first is not { } first || _latest is not { } latest || latest.Progress <= first.Progress || latest.At <= first.At)
        {
            return null;
        }

        var perSecond = (latest.Progress - first.Progress) / (latest.At - first.At).TotalSeconds;
        return TimeSpan.FromSeconds((100 - latest.Progress) / perSecond);
    }

    private bool Observe(int? progress, DateTimeOffset now)
    {
        if (progress is not { } value)
        {
            return false;
        }

        if (_first is null || value < _first.Value.Progress)
        {
            _first = (now, value);
            _latest = (now, value);
            return false;
        }

        if (value > _latest!.Value.Progress)
        {
            _latest = (now, value);
            return true;
        }

        return false;
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
        _options.Jitter == 0 ? delay : Clamp(delay * (1 + (_options.Jitter * ((2 * _random()) - 1))));
}
