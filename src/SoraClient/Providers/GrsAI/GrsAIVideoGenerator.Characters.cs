using System.Text.Json.Nodes;
using SoraClient.Http;
using SoraClient.Polling;
using SoraClient.Providers.GrsAI.Internal;

namespace SoraClient.Providers.GrsAI;

/// <summary>GrsAI's characters: <c>sora-upload-character</c> and <c>sora-create-character</c>, run as tasks and read with <c>/v1/draw/result</c>.</summary>
public sealed partial class GrsAIVideoGenerator
{
    /// <inheritdoc/>
    /// <remarks>
    /// <c>POST /v1/video/sora-upload-character</c> with the clip's URL or base64 and <c>timestamps</c>; GrsAI refuses
    /// clips of real people. Waits for the character task (at most <see cref="GrsAIOptions.CharacterTimeout"/>) and
    /// returns its <c>character_id</c>. Costs <see cref="GrsAIModels.CharacterPrice"/>.
    /// </remarks>
    /// <exception cref="VideoWaitTimeoutException">The character task did not finish within <see cref="GrsAIOptions.CharacterTimeout"/>.</exception>
    public async Task<VideoCharacter> UploadCharacterAsync(VideoInput clip, TimeSpan startTime, TimeSpan endTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var timestamps = Timestamps(startTime, endTime);
        var url = await ClipValueAsync(clip, cancellationToken).ConfigureAwait(false);
        return await RunCharacterTaskAsync(Api("v1/video/sora-upload-character"), GrsAIRequestBody.ForCharacter("url", url, timestamps), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>POST /v1/video/sora-create-character</c> with the result's <c>pid</c> and <c>timestamps</c>; unlike uploads,
    /// this may extract AI-generated people. Waits for the character task (at most <see cref="GrsAIOptions.CharacterTimeout"/>).
    /// Costs <see cref="GrsAIModels.CharacterPrice"/>.
    /// </remarks>
    /// <exception cref="VideoWaitTimeoutException">The character task did not finish within <see cref="GrsAIOptions.CharacterTimeout"/>.</exception>
    public Task<VideoCharacter> CreateCharacterAsync(string videoReference, TimeSpan startTime, TimeSpan endTime, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(videoReference) || Guid.TryParse(videoReference, out _))
        {
            throw new VideoRequestValidationException(_runtime.Provider, nameof(videoReference),
                $"{_runtime.Provider}: a character is created from the pid of a finished video (VideoAsset.ProviderReference, like 's_...'), not a task id.");
        }

        var timestamps = Timestamps(startTime, endTime);
        return RunCharacterTaskAsync(Api("v1/video/sora-create-character"), GrsAIRequestBody.ForCharacter("pid", videoReference, timestamps), cancellationToken);
    }

    private async Task<VideoCharacter> RunCharacterTaskAsync(Uri uri, JsonObject body, CancellationToken cancellationToken)
    {
        var response = await SendCreateAsync(uri, body, cancellationToken).ConfigureAwait(false);
        var record = response.Value;
        var taskId = record.Task?.Id is { Length: > 0 } id ? id : null;
        if (record.Task is null || (taskId is null && CharacterIdOf(record.Task) is null) || (taskId is not null && !JobIds.IsSafe(taskId)))
        {
            throw _runtime.Sender.Unreadable(HttpOperation.Submit, Invalid(response)); // accepted: the task may exist
        }

        if (taskId is not null)
        {
            _tracker.Submitted(taskId);
        }

        // GrsAI's own example reads the character from the answer itself; with webHook "-1" it answers with the task id.
        record = await WaitForCharacterTaskAsync(taskId, record, cancellationToken).ConfigureAwait(false);
        var finished = record.Task!; // IsFinished is false for a record without a task
        if (CharacterIdOf(finished) is { } characterId && !string.Equals(finished.Status, "failed", StringComparison.OrdinalIgnoreCase))
        {
            return new VideoCharacter { Id = characterId, Provider = _runtime.Provider, TaskId = taskId, RawRepresentation = record.RawTask };
        }

        var error = string.Equals(finished.Status, "failed", StringComparison.OrdinalIgnoreCase)
            ? GrsAIJobMapper.ToJobError(finished)
            : new VideoJobError("no_result", "GrsAI reported success without a character_id.", VideoErrorCategory.Unknown);
        throw new VideoJobFailedException(_runtime.Sender.Redactor.Redact(new VideoJob
        {
            Id = taskId ?? "(unknown)",
            Provider = _runtime.Provider,
            Status = VideoJobStatus.Failed,
            Progress = GrsAIJobMapper.ClampProgress(finished.Progress),
            Error = error,
            ProviderStatus = finished.Status,
            RawRepresentation = record.RawTask,
        }));
    }

    /// <summary>
    /// Reads the character task until it finishes, through the one waiter every job wait uses: its schedule, its deadline
    /// (<see cref="GrsAIOptions.CharacterTimeout"/>, which also cancels a read in flight) and its budget of failed reads.
    /// </summary>
    private async Task<GrsAIRecord> WaitForCharacterTaskAsync(string? taskId, GrsAIRecord record, CancellationToken cancellationToken)
    {
        if (IsFinished(record.Task))
        {
            return record;
        }

        // taskId is known here: an answer without one must already carry the character (checked by the caller).
        var reader = new CharacterTaskReader(this, record);
        var options = new VideoWaitOptions
        {
            InitialDelay = TimeSpan.FromSeconds(2),
            MinInterval = TimeSpan.FromSeconds(2),
            MaxInterval = TimeSpan.FromSeconds(10),
            Timeout = _characterTimeout,
            TimeProvider = _runtime.TimeProvider,
        };
        await foreach (var _ in VideoJobWaiter.WatchAsync(reader, taskId!, reader.Describe(taskId!), options, cancellationToken).ConfigureAwait(false))
        {
        }

        return reader.Last;
    }

    /// <summary>A character task seen as a job, so that the waiter can read it: finished reads as succeeded, whatever its outcome.</summary>
    private sealed class CharacterTaskReader(GrsAIVideoGenerator owner, GrsAIRecord first) : IVideoGenerator
    {
        public GrsAIRecord Last { get; private set; } = first;

        public async Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
        {
            Last = (await owner.ReadTaskAsync(jobId, cancellationToken).ConfigureAwait(false))?.Value ?? Last; // null: not visible yet
            return Describe(jobId);
        }

        public VideoJob Describe(string taskId) => new()
        {
            Id = taskId,
            Provider = owner._runtime.Provider,
            Status = IsFinished(Last.Task) ? VideoJobStatus.Succeeded : VideoJobStatus.Running,
            Progress = GrsAIJobMapper.ClampProgress(Last.Task?.Progress),
        };

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType == typeof(TimeProvider) ? owner._runtime.TimeProvider : null;

        public Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public void Dispose()
        {
        }
    }

    /// <summary>A character task is finished once it failed, succeeded, or already carries its character id.</summary>
    private static bool IsFinished(GrsAITask? task) =>
        task is not null && (CharacterIdOf(task) is not null || GrsAIJobMapper.MapStatus(task.Status).Status is VideoJobStatus.Succeeded or VideoJobStatus.Failed);

    private static string? CharacterIdOf(GrsAITask task) =>
        task.Results?.OfType<GrsAIResult>().Select(r => r.CharacterId).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
}
