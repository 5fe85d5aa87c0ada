namespace SoraClient.Jobs;

/// <summary>
/// A ledger shared by several instances that tells each of them when any instance changes a row (PostgreSQL's
/// <c>LISTEN/NOTIFY</c>). <see cref="VideoJobRunner"/> uses it when its ledger offers it: a wait ends as soon as another
/// instance records the job's final state (a webhook receiver, another worker's read), instead of at its next poll; and a
/// row that waits for a free slot of the concurrent-jobs limit tries again as soon as another row changes.
/// </summary>
public interface IVideoJobLedgerChangeFeed
{
    /// <summary>
    /// Receives the key of every row any instance changes, as it commits, until <paramref name="cancellationToken"/> is
    /// cancelled or the connection is lost.
    /// </summary>
    /// <param name="onChange">Called with each changed key, on the listening task.</param>
    /// <param name="cancellationToken">Stops listening.</param>
    /// <returns>
    /// A task that completes once listening has started; listening goes on in the returned <see cref="Task"/> of the
    /// result, which ends when the connection is lost (changes made after that are not heard: listen again).
    /// </returns>
    /// <exception cref="VideoJobLedgerException">The database cannot be reached.</exception>
    Task<Task> ListenAsync(Action<string> onChange, CancellationToken cancellationToken);
}
