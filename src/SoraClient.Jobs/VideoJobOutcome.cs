namespace SoraClient.Jobs;

/// <summary>How a <see cref="VideoJobRunner"/> left one row.</summary>
public enum VideoJobOutcome
{
    /// <summary>The video is on disk.</summary>
    Downloaded,

    /// <summary>The job succeeded; nothing was downloaded (no output folder).</summary>
    Succeeded,

    /// <summary>The job failed or was refused for good; the reason is in <see cref="VideoJobResult.Message"/>.</summary>
    Failed,

    /// <summary>The create's outcome is unknown; the row is not resubmitted unless uncertain rows are retried on request.</summary>
    Uncertain,

    /// <summary>The gateway refused the create (rate limit, credits...), so no job exists; the row is pending again and a later run submits it.</summary>
    Refused,

    /// <summary>The job is still running (the wait timed out or reads failed); a later run resumes it.</summary>
    Unfinished,

    /// <summary>The row was not touched: it belongs to another provider registration.</summary>
    Skipped,

    /// <summary>
    /// Another worker of a shared ledger holds the row (or took it over when this worker's lease ran out): that worker
    /// submits, waits on and downloads it, so nothing is left for this run to do.
    /// </summary>
    OtherWorker,
}
