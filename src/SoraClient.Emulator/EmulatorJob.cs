namespace SoraClient.Emulator;

/// <summary>A snapshot of an emulated job, for tests that inspect what the emulator holds.</summary>
public sealed record EmulatorJob
{
    /// <summary>Gets the protocol that created the job (see <see cref="EmulatorProtocols"/>).</summary>
    public required string Protocol { get; init; }

    /// <summary>Gets the job's id as the protocol reports it (OpenAI: <c>video_…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the prompt the job was created with.</summary>
    public required string Prompt { get; init; }

    /// <summary>Gets the job's state at the time of the snapshot.</summary>
    public required EmulatorJobStatus Status { get; init; }

    /// <summary>Gets the progress from 0 to 100.</summary>
    public required int Progress { get; init; }

    /// <summary>Gets when the job was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job completed or failed, if it has.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets when the job's result expires (or expired), once it has completed.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets a value indicating whether the result has expired.</summary>
    public bool IsExpired { get; init; }

    /// <summary>Gets why the job failed, once it has.</summary>
    public EmulatorJobFailure? Failure { get; init; }
}
