using System.Text.Json.Nodes;
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
            throw Unreadable(Invalid(response));
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

    /// <summary>Reads the character task until it finishes, within <see cref="GrsAIOptions.CharacterTimeout"/> (which also cancels a read in flight).</summary>
    private async Task<GrsAIRecord> WaitForCharacterTaskAsync(string? taskId, GrsAIRecord record, CancellationToken cancellationToken)
    {
        var deadline = _runtime.TimeProvider.GetUtcNow() + _characterTimeout;
        using var expiry = new CancellationTokenSource(_characterTimeout, _runtime.TimeProvider);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        var schedule = new PollSchedule(new VideoWaitOptions { MinInterval = TimeSpan.FromSeconds(2), MaxInterval = TimeSpan.FromSeconds(10) });
        var delay = TimeSpan.FromSeconds(2);
        while (!IsFinished(record.Task))
        {
            // taskId is known here: an answer without one must already carry the character (checked by the caller).
            var progress = new VideoJob { Id = taskId!, Provider = _runtime.Provider, Status = VideoJobStatus.Running, Progress = GrsAIJobMapper.ClampProgress(record.Task?.Progress) };
            var remaining = deadline - _runtime.TimeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw new VideoWaitTimeoutException(progress, _characterTimeout);
            }

            try
            {
                await Task.Delay(delay < remaining ? delay : remaining, _runtime.TimeProvider, bounded.Token).ConfigureAwait(false);
                record = await ReadTaskAsync(taskId!, bounded.Token).ConfigureAwait(false) ?? record; // null: not visible yet
            }
            catch (Exception) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new VideoWaitTimeoutException(progress, _characterTimeout);
            }
            catch (VideoGenerationException ex)
            {
                ex.NameJob(taskId);
                throw;
            }

            delay = schedule.Next(progress with { Progress = GrsAIJobMapper.ClampProgress(record.Task?.Progress) }, _runtime.TimeProvider.GetUtcNow());
        }

        return record;
    }

    /// <summary>A character task is finished once it failed, succeeded, or already carries its character id.</summary>
    private static bool IsFinished(GrsAITask? task) =>
        task is not null && (CharacterIdOf(task) is not null || GrsAIJobMapper.MapStatus(task.Status).Status is VideoJobStatus.Succeeded or VideoJobStatus.Failed);

    private static string? CharacterIdOf(GrsAITask task) =>
        task.Results?.OfType<GrsAIResult>().Select(r => r.CharacterId).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
}
