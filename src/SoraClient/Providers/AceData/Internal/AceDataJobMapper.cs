using System.Text.Json;
using SoraClient.Http;
using SoraClient.Normalization;

namespace SoraClient.Providers.AceData.Internal;

/// <summary>
/// Maps AceData's answers to neutral jobs and errors. A task with no result yet is running; a result with
/// <c>success:false</c> is a failure; <c>succeeded</c> without a <c>video_url</c> is a failure too.
/// </summary>
internal static class AceDataJobMapper
{
    public static StatusMapping MapState(string? state) => state?.ToUpperInvariant() switch
    {
        "PENDING" => new(VideoJobStatus.Running, true),
        "SUCCEEDED" => new(VideoJobStatus.Succeeded, true),
        "FAILED" => new(VideoJobStatus.Failed, true),
        _ => new(VideoJobStatus.Running, false), // an undocumented word keeps the wait going
    };

    /// <summary>Reads a body that is either a task (<c>{id, request, response}</c>) or a bare result (<c>{success, task_id, data}</c>).</summary>
    public static AceDataTask ReadTask(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Expected a task object, got {body.ValueKind}.");
        }

        if (body.TryGetProperty("response", out _) || body.TryGetProperty("request", out _) || !body.TryGetProperty("task_id", out _))
        {
            return body.Deserialize(AceDataJsonContext.Default.AceDataTask) ?? throw new JsonException("The task is null.");
        }

        var result = body.Deserialize(AceDataJsonContext.Default.AceDataResult) ?? throw new JsonException("The result is null.");
        return new AceDataTask { Id = result.TaskId, Response = result, TraceId = result.TraceId };
    }

    public static IReadOnlyList<AceDataVideo> Videos(AceDataResult? result) => result?.Data.ValueKind switch
    {
        JsonValueKind.Array => [.. (result.Data.Deserialize(AceDataJsonContext.Default.ListAceDataVideo) ?? []).OfType<AceDataVideo>()], // a null entry is skipped
        JsonValueKind.Object => [result.Data.Deserialize(AceDataJsonContext.Default.AceDataVideo)!], // an object never reads as null
        _ => [],
    };

    /// <summary>The task's id (<c>id</c>, else the result's <c>task_id</c>); a blank one is no id.</summary>
    public static string? IdOf(AceDataTask task) =>
        !string.IsNullOrWhiteSpace(task.Id) ? task.Id : !string.IsNullOrWhiteSpace(task.Response?.TaskId) ? task.Response.TaskId : null;

    /// <summary>The states in the result that the contract does not document.</summary>
    public static IEnumerable<string> UnknownStates(AceDataResult? result) =>
        Videos(result).Select(v => v.State ?? "(none)").Where(state => !MapState(state).IsKnown);

    public static VideoJob ToJob(AceDataTask task, JsonElement raw, string provider, IReadOnlyList<VideoModelCapabilities> models, VideoGenerationSettings? sent)
    {
        var id = IdOf(task) ?? throw new JsonException("The task has no id.");
        var videos = Videos(task.Response);
        var (status, providerStatus, error) = Classify(task.Response, videos);
        var effective = sent ?? Reported(task.Request, models);
        return new VideoJob
        {
            Id = id,
            Provider = provider,
            Model = task.Request?.Model ?? videos.FirstOrDefault(v => v.Model is not null)?.Model ?? effective?.Model,
            Status = status,
            Progress = status == VideoJobStatus.Succeeded ? 100 : null,
            CreatedAt = UnixTime.FromSeconds(task.CreatedAt),
            CompletedAt = status is VideoJobStatus.Succeeded or VideoJobStatus.Failed ? UnixTime.FromSeconds(task.FinishedAt) : null,
            // Succeeded only when every video has a downloadable URL (Classify), so VideoUrl is set here.
            Assets = status == VideoJobStatus.Succeeded
                ? [.. videos.Select(v => new VideoAsset(VideoAssetKind.Video) { Uri = new Uri(v.VideoUrl!), ProviderReference = v.Id, MediaType = MediaTypes.Mp4 })]
                : [],
            Error = error,
            ProviderStatus = providerStatus,
            Effective = effective,
            RawRepresentation = raw,
        };
    }

    /// <summary>
    /// Reads AceData's error envelope. A 2xx body is an error only when it says <c>success:false</c> without a
    /// <c>task_id</c> (with one, it is a task that failed, which the job reports); it is read from the parsed answer
    /// the call reads too, and only a body with a <c>success</c> of <c>false</c> is read as an envelope at all.
    /// </summary>
    public static ProviderError? ParseError(int statusCode, ProviderAnswer answer)
    {
        var success = statusCode is >= 200 and < 300;
        AceDataErrorEnvelope? envelope = null;
        try
        {
            if (success)
            {
                var json = answer.Body.IsEmpty ? default : answer.Json(AceDataJsonContext.Default.JsonElement);
                if (!ProviderAnswer.HasProperty(json, "success", JsonValueKind.False))
                {
                    return null; // the envelope below would not read success:false
                }

                envelope = json.Deserialize(AceDataJsonContext.Default.AceDataErrorEnvelope);
            }
            else
            {
                envelope = answer.Body.IsEmpty ? null : JsonSerializer.Deserialize(answer.Body.Span, AceDataJsonContext.Default.AceDataErrorEnvelope);
            }
        }
        catch (JsonException)
        {
            // not JSON (a proxy's HTML page, a CDN's XML): fall back to the status
        }

        if (success && envelope is not { Success: false, TaskId: null })
        {
            return null;
        }

        var code = envelope?.Error?.CodeText;
        var message = envelope?.Error?.Message ?? (success ? "the request failed without an explanation" : $"HTTP {statusCode} without an AceData error body");
        return new ProviderError(KindOf(statusCode, code, message), code, message) { RequestId = envelope?.TraceId };
    }

    private static ProviderErrorKind KindOf(int statusCode, string? code, string message)
    {
        switch (code?.ToUpperInvariant())
        {
            case "INVALID_TOKEN" or "TOKEN_EXPIRED" or "TOKEN_MISMATCHED" or "NO_TOKEN":
                return ProviderErrorKind.Authentication;
            case "USED_UP":
                return ProviderErrorKind.Quota;
            case "TOO_MANY_REQUESTS":
                return ProviderErrorKind.RateLimit;
        }

        // Content-policy words win over a generic code: "api_error: content policy violation" is not worth a retry.
        if (JobMapping.IsContentPolicy(code, message))
        {
            return ProviderErrorKind.ContentPolicy;
        }

        if (code?.ToUpperInvariant() is "API_ERROR" or "BUSY" or "TIMEOUT")
        {
            return ProviderErrorKind.Transient;
        }

        return statusCode is >= 200 and < 300 ? ProviderErrorKind.InvalidRequest : ProviderError.KindOf(statusCode);
    }

    private static (VideoJobStatus Status, string? ProviderStatus, VideoJobError? Error) Classify(AceDataResult? result, IReadOnlyList<AceDataVideo> videos)
    {
        if (result is null)
        {
            return (VideoJobStatus.Running, null, null); // no result yet: still running
        }

        if (result.Success == false || (result.Error is not null && videos.Count == 0))
        {
            return (VideoJobStatus.Failed, "failed", ToJobError(result.Error));
        }

        if (videos.Count == 0)
        {
            return (VideoJobStatus.Running, null, null);
        }

        if (videos.FirstOrDefault(v => MapState(v.State).Status == VideoJobStatus.Failed) is { } failed)
        {
            return (VideoJobStatus.Failed, failed.State, ToJobError(result.Error));
        }

        if (videos.FirstOrDefault(v => MapState(v.State).Status != VideoJobStatus.Succeeded) is { } waiting)
        {
            return (MapState(waiting.State).Status, waiting.State, null);
        }

        return videos.All(v => JobMapping.IsDownloadable(v.VideoUrl))
            ? (VideoJobStatus.Succeeded, videos[0].State, null)
            : (VideoJobStatus.Failed, videos[0].State, new VideoJobError("no_video_url", "The gateway reported success but gave no video URL.", VideoErrorCategory.Unknown));
    }

    private static VideoJobError ToJobError(AceDataError? error)
    {
        var code = error?.CodeText;
        var message = error?.Message ?? "The video failed without an explanation.";
        var category = code?.ToUpperInvariant() switch
        {
            "USED_UP" => VideoErrorCategory.Quota,
            _ when JobMapping.IsContentPolicy(code, message) => VideoErrorCategory.ContentPolicy, // before the generic codes
            "API_ERROR" or "BUSY" or "TIMEOUT" => VideoErrorCategory.Transient,
            "BAD_REQUEST" => VideoErrorCategory.InvalidRequest,
            _ when JobMapping.Mentions(code, message, "internal", "timeout", "timed out", "unavailable", "try again", "busy") => VideoErrorCategory.Transient,
            _ when JobMapping.Mentions(code, message, "invalid", "unsupported") => VideoErrorCategory.InvalidRequest,
            _ => VideoErrorCategory.Unknown,
        };
        return new VideoJobError(code, message, category);
    }

    /// <summary>The settings a task was created with, from the request it records.</summary>
    private static VideoGenerationSettings? Reported(AceDataTaskRequest? request, IReadOnlyList<VideoModelCapabilities> models)
    {
        if (request?.Model is null || request.Duration is not { } duration || request.Size is null)
        {
            return null;
        }

        var version = request.Version ?? AceDataModels.Version1;
        var name = request.Orientation is { Length: > 0 } orientation && !VideoRequestNormalizer.TryParsePixels(request.Size, out _, out _)
            ? $"{request.Size}-{orientation}"
            : request.Size;
        var variant = models.FirstOrDefault(m => string.Equals(m.Model, request.Model, StringComparison.OrdinalIgnoreCase)
            && string.Equals(m.ProviderSettings?.GetValueOrDefault(AceDataModels.VersionSetting), version, StringComparison.Ordinal));
        var size = variant?.FindSize(name) ?? Describe(name, request.Orientation);
        return new VideoGenerationSettings
        {
            Model = request.Model,
            DurationSeconds = duration,
            Size = size.Name,
            AspectRatio = size.AspectRatio,
            Resolution = size.Resolution,
            ProviderSettings = new Dictionary<string, string>(StringComparer.Ordinal) { [AceDataModels.VersionSetting] = version },
        };
    }

    private static VideoSizeOption Describe(string name, string? orientation)
    {
        if (VideoRequestNormalizer.TryParsePixels(name, out var width, out var height))
        {
            return VideoSizeOption.Pixels(width, height, VideoRequestNormalizer.TierOf(width, height));
        }

        var aspect = orientation?.ToUpperInvariant() switch
        {
            "LANDSCAPE" => VideoAspectRatio.Landscape,
            "SQUARE" => VideoAspectRatio.Square,
            _ => VideoAspectRatio.Portrait,
        };
        return new VideoSizeOption(name, aspect, name.StartsWith("large", StringComparison.OrdinalIgnoreCase) ? VideoResolution.High : VideoResolution.Standard);
    }
}
