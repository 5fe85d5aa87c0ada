namespace SoraClient.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock only moves when a test calls <see cref="Advance"/>.
/// Timers (and therefore <c>Task.Delay(delay, timeProvider)</c> and Polly delays) fire during
/// <see cref="Advance"/>, so no test sleeps for real time.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<TimeSpan> _scheduledDelays = [];
    private DateTimeOffset _now;

    public ManualTimeProvider(DateTimeOffset? start = null) =>
        _now = start ?? new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Gets every delay a timer was scheduled with, in order.</summary>
    public IReadOnlyList<TimeSpan> ScheduledDelays
    {
        get
        {
            lock (_gate)
            {
                return [.. _scheduledDelays];
            }
        }
    }

    /// <summary>Raised after a timer is scheduled; tests use it to wait until the code under test is waiting.</summary>
    public Action<TimeSpan>? TimerScheduled { get; set; }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Number of timers that are scheduled and not yet due.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <summary>Gets how long until the earliest scheduled timer is due, or <see langword="null"/> when none is scheduled.</summary>
    public TimeSpan? TimeUntilNextTimer
    {
        get
        {
            lock (_gate)
            {
                var due = _timers.Where(t => t.DueAt is not null).Select(t => t.DueAt!.Value).ToList();
                return due.Count == 0 ? null : due.Min() - _now;
            }
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                // Never backwards: another thread may have advanced further meanwhile.
                if (next is null)
                {
                    _now = target > _now ? target : _now;
                    return;
                }

                _now = next.DueAt!.Value > _now ? next.DueAt.Value : _now;
                next.DueAt = next.Period is { } period && period > TimeSpan.Zero ? _now + period : null;
            }

            next.Fire();
        }
    }

    /// <summary>Moves the clock to <paramref name="target"/> if it is later than now, firing due timers.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        var by = target - GetUtcNow();
        if (by > TimeSpan.Zero)
        {
            Advance(by);
        }
        else
        {
            Advance(TimeSpan.Zero);
        }
    }

    /// <summary>Sets the clock to a later instant, firing due timers.</summary>
    public void SetUtcNow(DateTimeOffset value) => Advance(value - GetUtcNow());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        DateTimeOffset? dueAt;
        lock (_gate)
        {
            timer.Period = period == Timeout.InfiniteTimeSpan ? null : period;
            timer.DueAt = dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
            if (dueAt is not null)
            {
                _scheduledDelays.Add(dueTime);
            }
        }

        if (dueAt is not null)
        {
            TimerScheduled?.Invoke(dueTime);
            if (dueTime == TimeSpan.Zero)
            {
                Advance(TimeSpan.Zero);
            }
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
