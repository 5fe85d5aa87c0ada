using System.Text;

namespace SoraClient;

/// <summary>A snapshot of a generation job. Immutable; read it again with <see cref="IVideoGenerator.GetJobAsync"/>.</summary>
public sealed record VideoJob
{
    /// <summary>Gets the gateway's own id of the job.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the name of the generator registration that owns the job (for example <c>apiyi</c>).</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the model, when known.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the provider-neutral state.</summary>
    public VideoJobStatus Status { get; init; }

    /// <summary>Gets the progress from 0 to 100, or <see langword="null"/> when the gateway does not report it.</summary>
    public int? Progress { get; init; }

    /// <summary>
    /// Gets a value indicating whether <see cref="Progress"/> is the SDK's estimate from the elapsed time against the
    /// model's typical generation time (for a gateway that reports none between reads, such as GrsAI), not the gateway's figure.
    /// </summary>
    public bool IsProgressEstimated { get; init; }

    /// <summary>Gets when the gateway created the job, when known.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Gets when the job finished, when known.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets when the job's assets stop being downloadable, when known.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets the job's assets; empty until it succeeds.</summary>
    public IReadOnlyList<VideoAsset> Assets { get; init; } = [];

    /// <summary>Gets why the job failed, for a failed job.</summary>
    public VideoJobError? Error { get; init; }

    /// <summary>Gets the gateway's own status word.</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>Gets the settings actually sent to the gateway (or reported by it), when known.</summary>
    public VideoGenerationSettings? Effective { get; init; }

    /// <summary>Gets how long the gateway asked the client to wait before reading the job again, when it said.</summary>
    public TimeSpan? PollAfter { get; init; }

    /// <summary>Gets the gateway's raw response (a <see cref="System.Text.Json.JsonElement"/> for JSON gateways).</summary>
    public object? RawRepresentation { get; init; }

    /// <summary>Gets a value indicating whether the job has finished and will not change any more.</summary>
    public bool IsTerminal => Status is VideoJobStatus.Succeeded or VideoJobStatus.Failed or VideoJobStatus.Canceled or VideoJobStatus.Expired;

    /// <summary>Gets a reference that finds this job again, also from another process (<c>provider:id</c>).</summary>
    public VideoJobReference Reference => new(Provider, Id);

    // Keep ToString short and free of the raw response, which can hold the prompt.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Provider = ").Append(Provider)
            .Append(", Id = ").Append(Id)
            .Append(", Status = ").Append(Status);
        if (Progress is { } progress)
        {
            builder.Append(", Progress = ").Append(progress);
        }

        if (Error is { } error)
        {
            builder.Append(", Error = ").Append(error.Code ?? error.Category.ToString());
        }

        return true;
    }
}
