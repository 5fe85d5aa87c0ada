using System.Collections.Concurrent;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>
/// What one generator remembers about tasks, since GrsAI's task object carries no timestamps: when a task was created (it
/// submitted it, or a wait resumed it with its <see cref="VideoJob.CreatedAt"/>; a <c>-22</c> shortly after means "not visible
/// yet"), and when it first saw a task succeed after seeing it unfinished (its result expires a fixed time later). A task first
/// seen already finished finished at an unknown time: its expiry is unknown (<see langword="null"/>), never a guess.
/// Entries are dropped once they can no longer matter, so memory stays bounded.
/// </summary>
internal sealed class GrsAITaskTracker(TimeProvider time, TimeSpan gracePeriod, TimeSpan resultLifetime)
{
    private static readonly TimeSpan s_pruneEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _submitted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _succeeded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unfinished = new(StringComparer.Ordinal);
    private long _lastPruneTicks;

    /// <summary>Records that this generator submitted the task now.</summary>
    public void Submitted(string taskId)
    {
        Prune();
        _submitted[taskId] = time.GetUtcNow();
        _started[taskId] = time.GetUtcNow();
        _unfinished[taskId] = time.GetUtcNow();
    }

    /// <summary>Records when a task this generator did not submit was created (a wait resumed it), for the <c>-22</c> grace period.</summary>
    public void Created(string taskId, DateTimeOffset createdAt)
    {
        Prune();
        _submitted.TryAdd(taskId, createdAt);
    }

    /// <summary>Records that a read showed the task not finished yet, so the first success seen later is when it finished (within a read).</summary>
    public void Unfinished(string taskId) => _unfinished.TryAdd(taskId, time.GetUtcNow());

    /// <summary>How long the task has been running as far as this generator knows: since it submitted it, or first read it.</summary>
    public TimeSpan Elapsed(string taskId)
    {
        var now = time.GetUtcNow();
        return now - _started.GetOrAdd(taskId, now);
    }

    /// <summary>Records that GrsAI knows the task: from now on <c>-22</c> means it is gone.</summary>
    public void Seen(string taskId) => _submitted.TryRemove(taskId, out _);

    /// <summary>Whether a <c>-22</c> for the task is still "not visible yet".</summary>
    public bool IsWithinGracePeriod(string taskId) =>
        _submitted.TryGetValue(taskId, out var at) && time.GetUtcNow() - at < gracePeriod;

    /// <summary>
    /// When the result of a succeeded task expires, counted from the first time this generator saw it succeed after seeing it
    /// unfinished; <see langword="null"/> for a task first seen finished (a job resumed late, in another process).
    /// </summary>
    public DateTimeOffset? ExpiresAt(string taskId)
    {
        Prune();
        if (_succeeded.TryGetValue(taskId, out var succeeded))
        {
            return succeeded + resultLifetime;
        }

        return _unfinished.ContainsKey(taskId) ? _succeeded.GetOrAdd(taskId, time.GetUtcNow()) + resultLifetime : null;
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        var last = Interlocked.Read(ref _lastPruneTicks);
        if (now.UtcTicks - last < s_pruneEvery.Ticks || Interlocked.CompareExchange(ref _lastPruneTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (id, at) in _submitted)
        {
            if (now - at >= gracePeriod)
            {
                _submitted.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, at));
            }
        }

        foreach (var entries in new[] { _started, _unfinished })
        {
            foreach (var (id, at) in entries)
            {
                if (now - at >= resultLifetime * 4)
                {
                    entries.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, at));
                }
            }
        }

        // Kept well past expiry, so a job read again later is still reported expired.
        foreach (var (id, at) in _succeeded)
        {
            if (now - at >= resultLifetime * 4)
            {
                _succeeded.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, at));
            }
        }
    }
}
