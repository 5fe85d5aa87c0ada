namespace SoraClient.Jobs;

/// <summary>What a <see cref="VideoJobRunner"/> run did, row by row, with totals.</summary>
public sealed class VideoJobRunSummary
{
    /// <summary>Initializes a new instance of the <see cref="VideoJobRunSummary"/> class.</summary>
    /// <param name="results">The results, one per row.</param>
    public VideoJobRunSummary(IReadOnlyList<VideoJobResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
    }

    /// <summary>Gets the results, one per row, in the order the rows were given.</summary>
    public IReadOnlyList<VideoJobResult> Results { get; }

    /// <summary>Gets the number of rows whose video succeeded (downloaded or not).</summary>
    public int Succeeded => Count(VideoJobOutcome.Downloaded) + Count(VideoJobOutcome.Succeeded);

    /// <summary>Gets the number of failed rows.</summary>
    public int Failed => Count(VideoJobOutcome.Failed);

    /// <summary>Gets the number of uncertain rows.</summary>
    public int Uncertain => Count(VideoJobOutcome.Uncertain);

    /// <summary>Gets the number of rows left for a later run (refused, unfinished or skipped).</summary>
    public int Remaining => Count(VideoJobOutcome.Refused) + Count(VideoJobOutcome.Unfinished) + Count(VideoJobOutcome.Skipped);

    /// <summary>Gets the number of rows another worker of a shared ledger holds: it finishes them, not this run.</summary>
    public int OtherWorkers => Count(VideoJobOutcome.OtherWorker);

    /// <summary>Gets the number of rows this run resumed from an earlier one.</summary>
    public int Resumed => Results.Count(r => r.Resumed);

    /// <summary>Gets the estimated cost of the succeeded videos, by currency.</summary>
    public IReadOnlyDictionary<string, decimal> Cost => Results
        .Where(r => r.Outcome is VideoJobOutcome.Downloaded or VideoJobOutcome.Succeeded && r.Entry.EstimatedCost is not null && r.Entry.Currency is not null)
        .GroupBy(r => r.Entry.Currency!, StringComparer.Ordinal) // not null: filtered above
        .ToDictionary(g => g.Key, g => g.Sum(r => r.Entry.EstimatedCost!.Value), StringComparer.Ordinal); // not null: filtered above

    /// <summary>Gets a value indicating whether every row succeeded.</summary>
    public bool AllSucceeded => Succeeded == Results.Count;

    /// <summary>
    /// Gets a value indicating whether nothing is left for this run: every row succeeded, or is in the hands of another
    /// worker of a shared ledger (<see cref="VideoJobOutcome.OtherWorker"/>).
    /// </summary>
    public bool NothingLeft => Succeeded + OtherWorkers == Results.Count;

    private int Count(VideoJobOutcome outcome) => Results.Count(r => r.Outcome == outcome);
}
