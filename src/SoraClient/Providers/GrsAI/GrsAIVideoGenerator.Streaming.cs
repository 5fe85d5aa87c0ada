using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SoraClient.Http;
using SoraClient.Polling;
using SoraClient.Providers.GrsAI.Internal;

namespace SoraClient.Providers.GrsAI;

/// <summary>GrsAI's streaming mode: no <c>webHook</c>, and the submit response carries a snapshot of the task per record.</summary>
public sealed partial class GrsAIVideoGenerator
{
    /// <inheritdoc/>
    /// <remarks>
    /// Sends the request without <c>webHook</c>, so GrsAI keeps the response open and writes a full task snapshot per
    /// record. The sequence ends early, without an error, when the stream closes or stays silent for
    /// <see cref="GrsAIOptions.StreamIdleTimeout"/> before the task finished; <c>GenerateAsync</c> and
    /// <c>SubmitAndWatchAsync</c> then follow the same task with <c>/v1/draw/result</c>.
    /// </remarks>
    public async IAsyncEnumerable<VideoJob> SubmitStreamingAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (body, settings) = await PrepareAsync(request, options, streaming: true, cancellationToken).ConfigureAwait(false);
        using var response = await _runtime.Sender.SendStreamingAsync(HttpOperation.Submit, () => Post(VideoUri, body), cancellationToken).ConfigureAwait(false);
        var requestId = _runtime.Sender.RequestIdOf(response);
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _runtime.TimeProvider);
        using var records = new GrsAIRecordStream(await OpenBodyAsync(response, cancellationToken).ConfigureAwait(false));
        VideoJob? last = null;
        string reason;
        while (true)
        {
            var (element, stop) = await NextRecordAsync(records, idle, cancellationToken).ConfigureAwait(false);
            if (element is not { } raw)
            {
                reason = stop!;
                break;
            }

            var record = Classify(raw);
            if (record?.IsError == true)
            {
                var error = ErrorOf(record, (int)response.StatusCode, requestId);
                reason = last is null ? throw error : "an error record (" + error.ProviderErrorCode + ")"; // before the task existed: refused
                break;
            }

            var id = record?.Task?.Id is { Length: > 0 } taskId && JobIds.IsSafe(taskId) ? taskId : last?.Id;
            if (record?.Task is not { } task || id is null)
            {
                LogStreamRecordSkipped(_runtime.Provider);
                continue;
            }

            if (last is null)
            {
                _tracker.Submitted(id);
            }

            var job = ToJob(task, id, record.RawTask, settings);
            if (last is null || VideoJobWaiter.HasChanged(last, job))
            {
                last = job;
                yield return job;
            }

            if (job.IsTerminal)
            {
                yield break;
            }
        }

        if (last is null)
        {
            throw new VideoSubmissionUncertainException(_runtime.Provider,
                $"{_runtime.Provider}: the create request was sent but the streamed response ended ({reason}) before the task id arrived; the task may exist and be billed, so it was not retried.",
                null);
        }

        LogStreamEnded(_runtime.Provider, last.Id, reason);
    }

    private VideoProviderException ErrorOf(GrsAIRecord record, int statusCode, string? requestId)
    {
        var text = record.Raw.GetRawText();
        var error = GrsAIJobMapper.ParseError(200, new ProviderAnswer(Encoding.UTF8.GetBytes(text)))!; // an error record always parses as an error
        return _runtime.Sender.CreateException(error, statusCode, requestId, null, text);
    }

    private static async Task<Stream> OpenBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return Stream.Null; // reads as an empty stream: the caller reports the submit as uncertain
        }
    }

    /// <summary>The next record, or the reason the stream stopped: its end, a broken connection, or silence longer than the idle limit.</summary>
    private async Task<(JsonElement? Record, string? Stop)> NextRecordAsync(GrsAIRecordStream records, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        idle.CancelAfter(_streamIdleTimeout);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
            var record = await records.ReadAsync(linked.Token).ConfigureAwait(false);
            return (record, record is null ? "the stream ended" : null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested)
        {
            return (null, $"no data for {_streamIdleTimeout}");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException)
        {
            return (null, "the connection failed: " + ex.GetType().Name);
        }
        finally
        {
            if (!idle.IsCancellationRequested)
            {
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static GrsAIRecord? Classify(JsonElement raw)
    {
        try
        {
            return GrsAIRecord.From(raw);
        }
        catch (JsonException)
        {
            return null; // a record with impossible field types: skipped like any unreadable line
        }
    }

    [LoggerMessage(LogLevel.Warning, "{Provider} stream of task {TaskId} stopped before the task finished ({Reason}); follow it by reading its status")]
    private partial void LogStreamEnded(string provider, string taskId, string reason);

    [LoggerMessage(LogLevel.Debug, "{Provider} streamed a record that is not a task snapshot; skipped")]
    private partial void LogStreamRecordSkipped(string provider);
}
