namespace SoraClient.Jobs;

/// <summary>One step in a row's history, as recorded by the ledger.</summary>
/// <param name="Key">The row's key.</param>
/// <param name="Timestamp">When the step was recorded.</param>
/// <param name="State">The row's state after the step.</param>
/// <param name="JobStatus">The job status after the step, when known.</param>
/// <param name="Progress">The progress after the step, when known.</param>
/// <param name="Message">What happened, in a few words.</param>
public sealed record VideoJobEvent(string Key, DateTimeOffset Timestamp, VideoJobEntryState State, VideoJobStatus? JobStatus, int? Progress, string? Message);
