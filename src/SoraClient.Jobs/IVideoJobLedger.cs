namespace SoraClient.Jobs;

/// <summary>
/// A durable record of video work, one row per caller key. Each step is committed before the next one starts: above
/// all, the intent to submit is committed before the billed create request is sent
/// (<see cref="RecordIntentAsync"/>), so a process that dies at any point can tell afterwards whether a job may
/// exist. Rows are never deleted.
/// </summary>
/// <remarks>
/// Every method that changes a row checks the transition (<see cref="VideoJobEntryState"/>) atomically and throws
/// <see cref="VideoJobLedgerConflictException"/> when the row is not in a state the step may follow; two workers
/// that race for one row cannot both record an intent. Leases (<see cref="TryClaimAsync"/>, <see cref="ClaimAsync"/>)
/// let several workers share one ledger: a worker works only on rows it holds, and a dead worker's rows are taken over
/// when its lease ends. Implementations: <see cref="SqliteVideoJobLedger"/> (one file, one machine); a shared server
/// database implements the same contract for several machines.
/// </remarks>
public interface IVideoJobLedger
{
    /// <summary>Adds a <see cref="VideoJobEntryState.Pending"/> row unless one exists under the key.</summary>
    /// <param name="key">The caller's key.</param>
    /// <param name="provider">The provider registration the work runs on.</param>
    /// <param name="request">The request.</param>
    /// <param name="cost">The cost estimate, if known.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The row: the new one, or the existing one unchanged.</returns>
    /// <exception cref="VideoJobLedgerException">The ledger cannot be read or written.</exception>
    Task<VideoJobEntry> GetOrAddAsync(string key, string provider, VideoJobRequest request, VideoCostEstimate? cost, CancellationToken cancellationToken = default);

    /// <summary>Reads one row.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The row, or <see langword="null"/> when there is none.</returns>
    Task<VideoJobEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads rows, oldest first.</summary>
    /// <param name="states">The states to return, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The rows.</returns>
    Task<IReadOnlyList<VideoJobEntry>> ListAsync(IReadOnlyCollection<VideoJobEntryState>? states = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a row's history, oldest first.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The steps recorded for the row.</returns>
    Task<IReadOnlyList<VideoJobEvent>> GetHistoryAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Takes or renews the lease on one row, unless another worker holds an unexpired lease on it.</summary>
    /// <param name="key">The key.</param>
    /// <param name="owner">The worker's id.</param>
    /// <param name="lease">How long the lease lasts.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when <paramref name="owner"/> now holds the row.</returns>
    /// <exception cref="KeyNotFoundException">There is no row under the key.</exception>
    Task<bool> TryClaimAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Takes leases on up to <paramref name="maxCount"/> unfinished rows that no other worker holds, oldest first.</summary>
    /// <param name="owner">The worker's id.</param>
    /// <param name="maxCount">The most rows to take.</param>
    /// <param name="lease">How long the leases last.</param>
    /// <param name="provider">Only rows of this registration, or <see langword="null"/> for any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The rows taken.</returns>
    Task<IReadOnlyList<VideoJobEntry>> ClaimAsync(string owner, int maxCount, TimeSpan lease, string? provider = null, CancellationToken cancellationToken = default);

    /// <summary>Gives up a lease; does nothing when <paramref name="owner"/> does not hold it.</summary>
    /// <param name="key">The key.</param>
    /// <param name="owner">The worker's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the lease is released.</returns>
    Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits the intent to submit: <see cref="VideoJobEntryState.Pending"/> (or <see cref="VideoJobEntryState.Uncertain"/>,
    /// for an explicit retry) to <see cref="VideoJobEntryState.Submitting"/>. Call it before sending the create request,
    /// and send only if it succeeds.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated row.</returns>
    /// <exception cref="VideoJobLedgerConflictException">The row is in another state (for example, another worker recorded the intent first).</exception>
    Task<VideoJobEntry> RecordIntentAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Records the accepted job: <see cref="VideoJobEntryState.Submitting"/> or <see cref="VideoJobEntryState.Uncertain"/> to <see cref="VideoJobEntryState.Submitted"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="job">The job the gateway answered with.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated row.</returns>
    /// <exception cref="VideoJobLedgerConflictException">The row is in another state.</exception>
    Task<VideoJobEntry> RecordSubmittedAsync(string key, VideoJob job, CancellationToken cancellationToken = default);

    /// <summary>Records that the create's outcome is unknown: <see cref="VideoJobEntryState.Submitting"/> to <see cref="VideoJobEntryState.Uncertain"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="reason">Why (no secrets).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated row.</returns>
    /// <exception cref="VideoJobLedgerConflictException">The row is in another state.</exception>
    Task<VideoJobEntry> RecordUncertainAsync(string key, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the gateway answered the create with a refusal, so no job exists: <see cref="VideoJobEntryState.Submitting"/>
    /// back to <see cref="VideoJobEntryState.Pending"/> (the row can be submitted again later, e.g. after a rate limit or a top-up).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="refusal">The refusal.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated row.</returns>
    /// <exception cref="VideoJobLedgerConflictException">The row is in another state.</exception>
    Task<VideoJobEntry> RecordRefusedAsync(string key, VideoJobError refusal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a job state read from the gateway (<see cref="VideoJobEntryState.Submitted"/>): a non-terminal state keeps the row
    /// submitted, success moves it to <see cref="VideoJobEntryState.Succeeded"/>, failure, cancellation or expiry to <see cref="VideoJobEntryState.Failed"/>.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="job">The job as read.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated row.</returns>
    /// <exception cref="VideoJobLedgerConflictException">The row is in another state, or the job is another one.</exception>
    Task<VideoJobEntry> RecordJobAsync(string key, VideoJob job, CancellationToken cancellationToken = default);

    /// <summary>Records a permanent failure: from <see cref="VideoJobEntryState.Pending"/>, <see cref="VideoJobEntryState.Submitting"/>, <see cref="VideoJobEntryState.Submitted"/> or <see cref="VideoJobEntryState.Succeeded"/> to <see cref="VideoJobEntryState.Failed"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="failure">Why.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated row.</returns>
    /// <exception cref="VideoJobLedgerConflictException">The row is in another state.</exception>
    Task<VideoJobEntry> RecordFailedAsync(string key, VideoJobError failure, CancellationToken cancellationToken = default);

    /// <summary>Records the downloaded file: <see cref="VideoJobEntryState.Succeeded"/> to <see cref="VideoJobEntryState.Downloaded"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="file">The file.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated row.</returns>
    /// <exception cref="VideoJobLedgerConflictException">The row is in another state.</exception>
    Task<VideoJobEntry> RecordDownloadedAsync(string key, VideoJobFile file, CancellationToken cancellationToken = default);
}
