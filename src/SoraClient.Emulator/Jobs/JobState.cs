namespace SoraClient.Emulator.Jobs;

/// <summary>The state of a job at one instant, derived from the clock.</summary>
internal readonly record struct JobState(
    EmulatorJobStatus Status,
    int Progress,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExpiresAt,
    bool IsExpired,
    EmulatorJobFailure? Failure)
{
    public bool IsTerminal => Status is EmulatorJobStatus.Succeeded or EmulatorJobStatus.Failed;
}
