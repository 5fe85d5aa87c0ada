using Microsoft.Extensions.Time.Testing;

namespace SoraClient.Testing;

/// <summary>
/// <see cref="FakeTimeProvider"/> (its clock only moves when a test calls <c>Advance</c>; timers, and therefore
/// <c>Task.Delay(delay, timeProvider)</c> and Polly delays, fire during <c>Advance</c>) on a fixed default start date, plus
/// what the tests need to know about the timers the code under test schedules. FakeTimeProvider keeps its timers
/// private, so the timers are this class's own (FakeTimeProvider keeps the clock) and report <see cref="ScheduledDelays"/>,
/// <see cref="TimerScheduled"/>, <see cref="PendingTimers"/> and <see cref="TimeUntilNextTimer"/>. <see cref="Advance"/>
/// is ours too: see why there.
/// </summary>
public sealed class ManualTimeProvider : FakeTimeProvider
{
    /// <summary>Where the clock starts when no start is given.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly Lock _advancing = new();
    private readonly List<TimeSpan> _scheduledDelays = [];

    // Scheduled timers by (due time, creation order), the order the earliest-due pick always had. An entry goes stale when its
    // timer is changed, fires or is disposed (the timer's version moves on) and is dropped when it reaches the front: a long
    // run has some 20,000 live timers, and a scan of them per step made it quadratic.
    private readonly PriorityQueue<(TrackedTimer Timer, long Version), (DateTimeOffset Due, long Id)> _queue = new();
    private long _nextTimerId;
    private int _pending;

    public ManualTimeProvider(DateTimeOffset? start = null)
        : base(start ?? DefaultStart)
    {
    }

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

    /// <summary>Number of timers that are scheduled and have not fired yet.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _pending;
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
                return NextDue() is { } next ? next.DueAt!.Value - GetUtcNow() : null;
            }
        }
    }

    /// <summary>
    /// Moves the clock forward, stopping at each timer that falls due on the way, in order, so that its callback reads
    /// its own due time. <see cref="FakeTimeProvider.Advance"/> moves the clock to the end first and then fires every
    /// due timer, so a poll due at 7 s would read 7.15 s after a 0.25 s step; the tests assert when each read happened.
    /// Concurrent calls (the fast-forward clock advances from the thread pool) take turns, so none overshoots.
    /// </summary>
    public new void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_advancing)
        {
            var target = GetUtcNow() + delta;
            while (true)
            {
                TrackedTimer? next;
                DateTimeOffset until;
                lock (_gate)
                {
                    next = NextDue() is { DueAt: { } due } first && due <= target ? first : null;
                    until = next?.DueAt ?? target;
                }

                var now = GetUtcNow();
                base.Advance(until > now ? until - now : TimeSpan.Zero);
                if (next is null)
                {
                    return;
                }

                next.FireIfDue(); // does nothing if another thread changed the timer since: the loop picks again
            }
        }
    }

    /// <summary>Sets the clock to a later instant, firing due timers in order (see <see cref="Advance"/>).</summary>
    public new void SetUtcNow(DateTimeOffset value) => Advance(value - GetUtcNow());

    /// <summary>Moves the clock to <paramref name="target"/> if it is later than now (firing due timers); never backwards.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        var by = target - GetUtcNow();
        Advance(by > TimeSpan.Zero ? by : TimeSpan.Zero);
    }

    /// <summary>
    /// Creates a timer that fires during <see cref="Advance"/>. The timers are this class's own, not FakeTimeProvider's:
    /// with two records of one due time, a timer scheduled on another thread while the clock moved could look due in one
    /// and not in the other, and never fire. No lock is held while a callback runs or while code under test calls in.
    /// </summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new TrackedTimer(this, callback, state, Interlocked.Increment(ref _nextTimerId));
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The scheduled timer due first (the earliest created among equals), dropping stale entries; under <c>_gate</c>.</summary>
    private TrackedTimer? NextDue()
    {
        while (_queue.TryPeek(out var entry, out _))
        {
            if (entry.Timer.Version == entry.Version)
            {
                return entry.Timer;
            }

            _queue.Dequeue();
        }

        return null;
    }

    /// <summary>Records a timer's new due time (or none); under <c>_gate</c>.</summary>
    private void Reschedule(TrackedTimer timer, DateTimeOffset? dueAt)
    {
        _pending += (dueAt is null ? 0 : 1) - (timer.DueAt is null ? 0 : 1);
        timer.SetDue(dueAt);
        if (dueAt is { } due)
        {
            _queue.Enqueue((timer, timer.Version), (due, timer.Id));
        }

        if (_queue.Count > 1024 + (4 * _pending))
        {
            // Timers changed again and again (a deadline reset per read) would otherwise pile up stale entries far out.
            var live = _queue.UnorderedItems.Where(e => e.Element.Timer.Version == e.Element.Version).ToList();
            _queue.Clear();
            _queue.EnqueueRange(live);
        }
    }

    private sealed class TrackedTimer(ManualTimeProvider owner, TimerCallback callback, object? state, long id) : ITimer
    {
        public long Id { get; } = id;

        public DateTimeOffset? DueAt { get; private set; }

        /// <summary>Moves on whenever the due time is set, so the queue's older entries for this timer are stale.</summary>
        public long Version { get; private set; }

        private TimeSpan? Period { get; set; }

        private bool Disposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (Disposed)
                {
                    return false;
                }

                Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period;
                owner.Reschedule(this, dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + dueTime);
                if (DueAt is not null)
                {
                    owner._scheduledDelays.Add(dueTime);
                }
            }

            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                owner.TimerScheduled?.Invoke(dueTime);
                if (dueTime == TimeSpan.Zero)
                {
                    FireNow();
                }
            }

            return true;
        }

        /// <summary>Runs the callback if the timer is (still) due, and schedules its next period.</summary>
        public void FireIfDue()
        {
            lock (owner._gate)
            {
                if (Disposed || DueAt is not { } due || due > owner.GetUtcNow())
                {
                    return;
                }

                owner.Reschedule(this, Period is { } period ? owner.GetUtcNow() + period : null);
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                Disposed = true;
                owner.Reschedule(this, null);
            }
        }

        /// <summary>Under <c>_gate</c>, by <see cref="Reschedule"/> only.</summary>
        public void SetDue(DateTimeOffset? dueAt)
        {
            DueAt = dueAt;
            Version++;
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>
        /// Due now: fires now, as a real timer would, on this thread unless the clock is being advanced by another one;
        /// then on the thread pool (the caller may hold a lock that a callback of that advance needs).
        /// </summary>
        private void FireNow()
        {
            if (owner._advancing.TryEnter())
            {
                try
                {
                    owner.Advance(TimeSpan.Zero);
                }
                finally
                {
                    owner._advancing.Exit();
                }
            }
            else
            {
                ThreadPool.QueueUserWorkItem(static o => o.Advance(TimeSpan.Zero), owner, preferLocal: false);
            }
        }
    }
}
