namespace SoraClient.Jobs;

/// <summary>One row of a <see cref="IVideoJobLedger"/>: a piece of work under a caller's key and everything that happened to it.</summary>
public sealed record VideoJobEntry
{
    /// <summary>Gets the caller's key (a batch row, an order id).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the provider registration the work runs on (the prefix of its job reference).</summary>
    public required string Provider { get; init; }

    /// <summary>Gets where the row stands.</summary>
    public VideoJobEntryState State { get; init; }

    /// <summary>Gets the request as it is sent (no API key).</summary>
    public required VideoJobRequest Request { get; init; }

    /// <summary>Gets the gateway's job id once the create was accepted.</summary>
    public string? JobId { get; init; }

    /// <summary>Gets the job reference (<c>provider:id</c>) once the create was accepted.</summary>
    public VideoJobReference? Reference => JobId is null ? null : new VideoJobReference(Provider, JobId);

    /// <summary>Gets the last job status read from the gateway.</summary>
    public VideoJobStatus? JobStatus { get; init; }

    /// <summary>Gets the last progress (0-100) read from the gateway.</summary>
    public int? Progress { get; init; }

    /// <summary>Gets why the row failed or is uncertain.</summary>
    public VideoJobError? Error { get; init; }

    /// <summary>Gets the downloaded file.</summary>
    public VideoJobFile? File { get; init; }

    /// <summary>Gets the estimated cost, from the generator's price data, when known.</summary>
    public decimal? EstimatedCost { get; init; }

    /// <summary>Gets the currency of <see cref="EstimatedCost"/>.</summary>
    public string? Currency { get; init; }

    /// <summary>Gets how many times an intent to submit was recorded (more than one only after an explicit retry).</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when the row was added.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the row last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets the worker that holds the row, if a lease is held.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Gets when the lease of <see cref="LeaseOwner"/> ends.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Gets a value indicating whether the row is final (<see cref="VideoJobEntryState.Downloaded"/> or <see cref="VideoJobEntryState.Failed"/>).</summary>
    public bool IsFinished => State is VideoJobEntryState.Downloaded or VideoJobEntryState.Failed;
}
