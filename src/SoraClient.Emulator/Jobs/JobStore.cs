using System.Collections.Concurrent;
using SoraClient.Emulator.Hosting;

namespace SoraClient.Emulator.Jobs;

/// <summary>The jobs of every protocol, keyed by id. Thread-safe; jobs are immutable and replaced on change.</summary>
internal sealed class JobStore(SoraEmulatorOptions options, EmulatorFaults faults)
{
    private readonly ConcurrentDictionary<string, EmulatedJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _created = new(StringComparer.OrdinalIgnoreCase);
    private long _sequence;

    public DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    /// <summary>Gets or sets what to call after a job changed (failed or expired early), so that work planned for its old end can move.</summary>
    public Action<EmulatedJob>? JobChanged { get; set; }

    /// <summary>
    /// Creates a job for a request. How it ends is decided here: a matching job fault first, then a prompt marker,
    /// otherwise it completes.
    /// </summary>
    public EmulatedJob Create(ProtocolRequest request, string id, string prompt, object details)
    {
        var job = new EmulatedJob
        {
            Protocol = request.Protocol.Name,
            Id = id,
            Sequence = Interlocked.Increment(ref _sequence),
            Prompt = prompt,
            CreatedAt = Now,
            QueueDuration = options.EffectiveQueueDuration,
            Duration = options.JobDuration,
            AssetLifetime = options.AssetLifetime,
            Details = details,
        };

        var fault = faults.TakeJobFault(request.Protocol.Name, request.Method, request.Path);
        job = fault switch
        {
            { Kind: EmulatorFaultKind.FailJob } => job with { Failure = fault.JobFailure, FailAt = job.Midway },
            { Kind: EmulatorFaultKind.ExpireJob } => job with { ExpiresAtOverride = job.CompletesAt },
            _ when Contains(prompt, EmulatorPromptMarkers.Moderation) => job with { Failure = EmulatorJobFailure.Moderation, FailAt = job.Midway },
            _ when Contains(prompt, EmulatorPromptMarkers.Fail) => job with { Failure = EmulatorJobFailure.ServerError, FailAt = job.Midway },
            _ when Contains(prompt, EmulatorPromptMarkers.Expire) => job with { ExpiresAtOverride = job.CompletesAt },
            _ => job,
        };

        if (!_jobs.TryAdd(id, job))
        {
            throw new InvalidOperationException($"A job with the id '{id}' already exists.");
        }

        _created.AddOrUpdate(job.Protocol, 1, static (_, count) => count + 1);
        return job;
    }

    public EmulatedJob? Find(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    public EmulatedJob? Find(string protocol, string id) =>
        Find(id) is { } job && string.Equals(job.Protocol, protocol, StringComparison.OrdinalIgnoreCase) ? job : null;

    /// <summary>The jobs of one protocol (or all), oldest first.</summary>
    public IReadOnlyList<EmulatedJob> List(string? protocol) =>
        [.. _jobs.Values
            .Where(job => protocol is null || string.Equals(job.Protocol, protocol, StringComparison.OrdinalIgnoreCase))
            .OrderBy(job => job.Sequence)];

    public bool Remove(string protocol, string id) =>
        Find(protocol, id) is { } job && _jobs.TryRemove(new KeyValuePair<string, EmulatedJob>(id, job));

    /// <summary>Jobs created so far (deleted ones included), for one protocol or all.</summary>
    public int CreatedCount(string? protocol) =>
        protocol is null ? _created.Values.Sum() : _created.GetValueOrDefault(protocol);

    /// <summary>Fails a job that has not finished yet, now.</summary>
    public bool Fail(string id, EmulatorJobFailure failure) =>
        Update(id, (job, now) => job.StateAt(now).IsTerminal ? null : job with { Failure = failure, FailAt = now });

    /// <summary>Expires a job's result now, or at its completion if it has not completed yet.</summary>
    public bool Expire(string id) =>
        Update(id, (job, now) => job.StateAt(now).Status == EmulatorJobStatus.Failed || job.FailAt is not null
            ? null
            : job with { ExpiresAtOverride = now > job.CompletesAt ? now : job.CompletesAt });

    private static bool Contains(string prompt, string marker) => prompt.Contains(marker, StringComparison.OrdinalIgnoreCase);

    private bool Update(string id, Func<EmulatedJob, DateTimeOffset, EmulatedJob?> change)
    {
        while (_jobs.TryGetValue(id, out var job))
        {
            if (change(job, Now) is not { } changed)
            {
                return false;
            }

            if (_jobs.TryUpdate(id, changed, job))
            {
                JobChanged?.Invoke(changed);
                return true;
            }
        }

        return false;
    }
}
