using SoraClient.Emulator.Jobs;

namespace SoraClient.Emulator;

/// <summary>The jobs an emulator holds: counts and snapshots for assertions, and ways to end a job early.</summary>
public sealed class EmulatorJobs
{
    private readonly JobStore _store;

    internal EmulatorJobs(JobStore store) => _store = store;

    /// <summary>Gets how many jobs were created since the emulator started, over every protocol (deleted ones included).</summary>
    public int TotalCreated => _store.CreatedCount(protocol: null);

    /// <summary>Gets how many jobs one protocol created since the emulator started (deleted ones included).</summary>
    /// <param name="protocol">The protocol name (see <see cref="EmulatorProtocols"/>).</param>
    /// <returns>The number of jobs.</returns>
    public int CreatedCount(string protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return _store.CreatedCount(protocol);
    }

    /// <summary>Gets snapshots of the jobs currently held (not deleted), oldest first.</summary>
    /// <param name="protocol">A protocol name to filter on, or <see langword="null"/> for all.</param>
    /// <returns>The snapshots, taken now.</returns>
    public IReadOnlyList<EmulatorJob> List(string? protocol = null)
    {
        var now = _store.Now;
        return [.. _store.List(protocol).Select(job => job.ToSnapshot(now))];
    }

    /// <summary>Gets a snapshot of one job.</summary>
    /// <param name="id">The job id.</param>
    /// <returns>The snapshot, or <see langword="null"/> when there is no such job.</returns>
    public EmulatorJob? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _store.Find(id)?.ToSnapshot(_store.Now);
    }

    /// <summary>Makes a job that has not finished yet fail now.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="failure">How it fails.</param>
    /// <returns><see langword="false"/> when there is no such job or it has already finished.</returns>
    public bool Fail(string id, EmulatorJobFailure failure = EmulatorJobFailure.Moderation)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _store.Fail(id, failure);
    }

    /// <summary>Makes a job's result expire now (or, if the job is still running, the moment it completes).</summary>
    /// <param name="id">The job id.</param>
    /// <returns><see langword="false"/> when there is no such job or it failed (or is going to).</returns>
    public bool Expire(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _store.Expire(id);
    }
}
