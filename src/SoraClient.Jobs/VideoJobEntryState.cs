namespace SoraClient.Jobs;

/// <summary>Where a ledger row stands. A row only moves forward, except that an uncertain row can be retried on request.</summary>
public enum VideoJobEntryState
{
    /// <summary>Recorded; nothing has been sent to the gateway.</summary>
    Pending,

    /// <summary>The intent to submit is committed and the create request may be on its way; no answer is recorded yet.</summary>
    Submitting,

    /// <summary>The gateway accepted the job; <see cref="VideoJobEntry.JobId"/> holds its id and the job is waited on.</summary>
    Submitted,

    /// <summary>The job succeeded; its result is not downloaded yet.</summary>
    Succeeded,

    /// <summary>The result is on disk (<see cref="VideoJobEntry.File"/>). Final.</summary>
    Downloaded,

    /// <summary>The job failed, or the gateway refused it for good. Final.</summary>
    Failed,

    /// <summary>
    /// The create request may have reached the gateway but no answer was recorded (a timeout, a dropped connection, or a
    /// process that ended after recording its intent). The job may exist and be billed: it is never resubmitted unless
    /// the caller asks for it.
    /// </summary>
    Uncertain,
}
