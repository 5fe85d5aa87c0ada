namespace SoraClient.AspNetCore.Internal;

/// <summary>
/// The latest confirmed state of each job webhooks reported, and the waits on it. A state is taken only when it is further
/// along than the one held (queued, running, then an end; progress only up; an end is final), so duplicates change
/// nothing and a late "running" never moves a job backwards. Entries are forgotten an hour after their last change
/// when nobody waits on them.
/// </summary>
internal sealed class WebhookJobHub(TimeProvider time)
{
    private static readonly TimeSpan s_retention = TimeSpan.FromHours(1);
    private readonly Dictionary<(string Provider, string JobId), Entry> _entries = [];
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private DateTimeOffset _nextSweep;

    /// <summary>Whether <paramref name="next"/> is further along than <paramref name="current"/>.</summary>
    public static bool IsAhead(VideoJob next, VideoJob? current) =>
        current is null
        || (!current.IsTerminal && (Rank(next) > Rank(current) || (Rank(next) == Rank(current) && (next.Progress ?? 0) > (current.Progress ?? 0))));

    /// <summary>The latest state held, or <see langword="null"/>.</summary>
    public VideoJob? Find(string provider, string jobId)
    {
        lock (_gate)
        {
            return _entries.TryGetValue((provider, jobId), out var entry) ? entry.Latest : null;
        }
    }

    /// <summary>Takes a confirmed state and wakes the waits; <see langword="false"/> when it is not ahead of the one held.</summary>
    public bool Publish(VideoJob job)
    {
        TaskCompletionSource<VideoJob> woken;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Sweep(now);
            var entry = GetOrAdd((job.Provider, job.Id));
            if (!IsAhead(job, entry.Latest))
            {
                return false;
            }

            (entry.Latest, entry.ChangedAt) = (job, now);
            (woken, entry.Next) = (entry.Next, new(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        woken.SetResult(job);
        return true;
    }

    /// <summary>Completes with the first state ahead of <paramref name="known"/>: at once when one is held.</summary>
    public async Task<VideoJob> WaitForUpdateAsync(string provider, string jobId, VideoJob? known, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_gate)
        {
            entry = GetOrAdd((provider, jobId));
            entry.Waiting++;
        }

        try
        {
            while (true)
            {
                Task<VideoJob> next;
                lock (_gate)
                {
                    // the latest state, not the one that woke us: several may have been published meanwhile
                    if (entry.Latest is { } latest && IsAhead(latest, known))
                    {
                        return latest;
                    }

                    next = entry.Next.Task;
                }

                await next.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                entry.Waiting--;
                entry.ChangedAt = time.GetUtcNow(); // kept for the retention after the last wait too
            }
        }
    }

    private static int Rank(VideoJob job) => job.IsTerminal ? 2 : job.Status == VideoJobStatus.Running ? 1 : 0;

    private Entry GetOrAdd((string, string) key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            _entries[key] = entry = new Entry { ChangedAt = time.GetUtcNow() };
        }

        return entry;
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + TimeSpan.FromMinutes(1);
        foreach (var (key, entry) in _entries.Where(e => e.Value.Waiting == 0 && now - e.Value.ChangedAt > s_retention).ToList())
        {
            _entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public VideoJob? Latest { get; set; }

        public DateTimeOffset ChangedAt { get; set; }

        public int Waiting { get; set; }

        public TaskCompletionSource<VideoJob> Next { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
