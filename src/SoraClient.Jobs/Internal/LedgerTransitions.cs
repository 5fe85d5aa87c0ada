namespace SoraClient.Jobs.Internal;

/// <summary>
/// The rules every ledger applies, whatever stores it: which step may follow which state, and what each step changes.
/// Each method returns the new row and a short message for its history, or throws <see cref="VideoJobLedgerConflictException"/>.
/// </summary>
internal static class LedgerTransitions
{
    public const string UncertainCode = "uncertain";

    public static (VideoJobEntry Entry, string Message) Intent(VideoJobEntry entry, DateTimeOffset now)
    {
        Require(entry, "record intent", VideoJobEntryState.Pending, VideoJobEntryState.Uncertain);
        var retry = entry.State == VideoJobEntryState.Uncertain;
        return (entry with { State = VideoJobEntryState.Submitting, Attempts = entry.Attempts + 1, Error = null, UpdatedAt = now },
            retry ? "intent to submit again (uncertain row retried on request)" : "intent to submit");
    }

    public static (VideoJobEntry Entry, string Message) Submitted(VideoJobEntry entry, VideoJob job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        Require(entry, "record submitted", VideoJobEntryState.Submitting, VideoJobEntryState.Uncertain);
        var submitted = entry with { State = VideoJobEntryState.Submitted, JobId = job.Id, JobStatus = job.Status, Progress = job.Progress, Error = null, UpdatedAt = now };
        return job.IsTerminal ? (Job(submitted, job, now).Entry, $"submitted as {job.Reference}, already {job.Status}") : (submitted, $"submitted as {job.Reference}");
    }

    public static (VideoJobEntry Entry, string Message) Uncertain(VideoJobEntry entry, string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Require(entry, "record uncertain", VideoJobEntryState.Submitting);
        return (entry with { State = VideoJobEntryState.Uncertain, Error = new VideoJobError(UncertainCode, reason, VideoErrorCategory.Unknown), UpdatedAt = now }, "uncertain: " + reason);
    }

    public static (VideoJobEntry Entry, string Message) Refused(VideoJobEntry entry, VideoJobError error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(error);
        Require(entry, "record refused", VideoJobEntryState.Submitting);
        return (entry with { State = VideoJobEntryState.Pending, Error = error, UpdatedAt = now }, "refused, not created: " + error.Message);
    }

    public static (VideoJobEntry Entry, string Message) Job(VideoJobEntry entry, VideoJob job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        Require(entry, "record job state", VideoJobEntryState.Submitted);
        if (!string.Equals(job.Id, entry.JobId, StringComparison.Ordinal))
        {
            throw new VideoJobLedgerConflictException($"The job ledger row '{entry.Key}' holds job '{entry.JobId}', not '{job.Id}'.");
        }

        var state = job.Status switch
        {
            VideoJobStatus.Succeeded => VideoJobEntryState.Succeeded,
            VideoJobStatus.Failed or VideoJobStatus.Canceled or VideoJobStatus.Expired => VideoJobEntryState.Failed,
            _ => VideoJobEntryState.Submitted,
        };
        var error = state == VideoJobEntryState.Failed
            ? job.Error ?? new VideoJobError(job.Status.ToString().ToLowerInvariant(), $"The job ended {job.Status}.", VideoErrorCategory.Unknown)
            : null;
        var message = job.Progress is { } progress ? $"{job.Status} {progress}%" : job.Status.ToString();
        return (entry with { State = state, JobStatus = job.Status, Progress = job.Progress ?? entry.Progress, Error = error, UpdatedAt = now },
            error is null ? message : $"{message}: {error.Message}");
    }

    public static (VideoJobEntry Entry, string Message) Failed(VideoJobEntry entry, VideoJobError error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(error);
        Require(entry, "record failed", VideoJobEntryState.Pending, VideoJobEntryState.Submitting, VideoJobEntryState.Submitted, VideoJobEntryState.Succeeded);
        return (entry with { State = VideoJobEntryState.Failed, Error = error, UpdatedAt = now }, "failed: " + error.Message);
    }

    public static (VideoJobEntry Entry, string Message) Downloaded(VideoJobEntry entry, VideoJobFile file, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(file);
        Require(entry, "record downloaded", VideoJobEntryState.Succeeded);
        return (entry with { State = VideoJobEntryState.Downloaded, File = file, UpdatedAt = now }, $"downloaded {file.Length} bytes to {file.Path}");
    }

    private static void Require(VideoJobEntry entry, string step, params VideoJobEntryState[] allowed)
    {
        if (Array.IndexOf(allowed, entry.State) < 0)
        {
            throw new VideoJobLedgerConflictException(entry.Key, entry.State, step);
        }
    }
}
