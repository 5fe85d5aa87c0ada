namespace SoraClient.Jobs;

/// <summary>One step in a row's history, as recorded by the ledger.</summary>
/// <remarks>A nominal record with <c>init</c> members, so a field can be added later without breaking callers.</remarks>
public sealed record VideoJobEvent
{
    /// <summary>Gets the row's key.</summary>
    public required string Key { get; init; }

    /// <summary>Gets when the step was recorded.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the row's state after the step.</summary>
    public required VideoJobEntryState State { get; init; }

    /// <summary>Gets the job status after the step, when known.</summary>
    public VideoJobStatus? JobStatus { get; init; }

    /// <summary>Gets the progress after the step, when known.</summary>
    public int? Progress { get; init; }

    /// <summary>Gets what happened, in a few words.</summary>
    public string? Message { get; init; }
}
