namespace SoraClient.Emulator.Jobs;

/// <summary>
/// A job as the emulator stores it. Immutable: its state at any instant is computed from the clock by
/// <see cref="StateAt"/>, so nothing runs in the background and a manual <see cref="TimeProvider"/> drives it.
/// </summary>
internal sealed record EmulatedJob
{
    public required string Protocol { get; init; }

    public required string Id { get; init; }

    /// <summary>Creation order, for listing.</summary>
    public required long Sequence { get; init; }

    public required string Prompt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The part of <see cref="Duration"/> spent queued.</summary>
    public required TimeSpan QueueDuration { get; init; }

    /// <summary>From creation to completion.</summary>
    public required TimeSpan Duration { get; init; }

    public required TimeSpan AssetLifetime { get; init; }

    /// <summary>The protocol's own record of the request (model, size, ...).</summary>
    public required object Details { get; init; }

    /// <summary>Set when the job is going to fail (or has failed) at <see cref="FailAt"/>.</summary>
    public EmulatorJobFailure? Failure { get; init; }

    public DateTimeOffset? FailAt { get; init; }

    /// <summary>Replaces <c>completion + AssetLifetime</c> when the result was made to expire early.</summary>
    public DateTimeOffset? ExpiresAtOverride { get; init; }

    public DateTimeOffset CompletesAt => CreatedAt + Duration;

    /// <summary>When the job ends: its planned failure, or its completion.</summary>
    public DateTimeOffset EndsAt => FailAt is { } failAt && failAt < CompletesAt ? failAt : CompletesAt;

    /// <summary>Halfway through the run: when a planned failure happens.</summary>
    public DateTimeOffset Midway => CreatedAt + QueueDuration + ((Duration - QueueDuration) / 2);

    public JobState StateAt(DateTimeOffset now)
    {
        if (FailAt is { } failAt && now >= failAt)
        {
            return new(EmulatorJobStatus.Failed, ProgressAt(failAt), failAt, ExpiresAt: null, IsExpired: false, Failure);
        }

        if (now >= CompletesAt)
        {
            var expiresAt = ExpiresAtOverride ?? CompletesAt + AssetLifetime;
            return new(EmulatorJobStatus.Succeeded, 100, CompletesAt, expiresAt, now >= expiresAt, Failure: null);
        }

        return now < CreatedAt + QueueDuration
            ? new(EmulatorJobStatus.Queued, 0, null, null, IsExpired: false, Failure: null)
            : new(EmulatorJobStatus.Running, ProgressAt(now), null, null, IsExpired: false, Failure: null);
    }

    public EmulatorJob ToSnapshot(DateTimeOffset now)
    {
        var state = StateAt(now);
        return new EmulatorJob
        {
            Protocol = Protocol,
            Id = Id,
            Prompt = Prompt,
            Status = state.Status,
            Progress = state.Progress,
            CreatedAt = CreatedAt,
            CompletedAt = state.CompletedAt,
            ExpiresAt = state.ExpiresAt,
            IsExpired = state.IsExpired,
            Failure = state.Failure,
        };
    }

    /// <summary>0 while queued, then rising linearly, never 100 before completion.</summary>
    private int ProgressAt(DateTimeOffset now)
    {
        var running = now - CreatedAt - QueueDuration;
        if (running <= TimeSpan.Zero)
        {
            return 0;
        }

        var fraction = running / (Duration - QueueDuration);
        return Math.Clamp((int)(fraction * 100), 0, 99);
    }
}
