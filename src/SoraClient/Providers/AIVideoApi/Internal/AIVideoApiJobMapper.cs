using System.Globalization;
using System.Text.Json;
using SoraClient.Http;
using SoraClient.Normalization;

namespace SoraClient.Providers.AIVideoApi.Internal;

/// <summary>Maps aivideoapi.ai's answers to neutral jobs and errors. Output URLs live 24 hours after completion.</summary>
internal static class AIVideoApiJobMapper
{
    /// <summary>How long output URLs stay downloadable after completion.</summary>
    public static readonly TimeSpan OutputLifetime = TimeSpan.FromHours(24);

    public static StatusMapping MapStatus(string? status) => status?.ToUpperInvariant() switch
    {
        "PENDING" => new(VideoJobStatus.Queued, true),
        "PROCESSING" => new(VideoJobStatus.Running, true),
        "COMPLETED" => new(VideoJobStatus.Succeeded, true),
        "FAILED" => new(VideoJobStatus.Failed, true),
        "CANCELED" or "CANCELLED" => new(VideoJobStatus.Canceled, true), // not documented: defensive, as for other gateways
        "EXPIRED" => new(VideoJobStatus.Expired, true),
        _ => new(VideoJobStatus.Queued, false), // an undocumented word keeps the wait going
    };

    /// <summary>Reads a task, bare as documented or inside the platform's <c>{"code","msg","data":{...}}</c> envelope.</summary>
    public static AIVideoApiTask ReadTask(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Expected a task object, got {body.ValueKind}.");
        }

        var task = !body.TryGetProperty("status", out _) && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data.Deserialize(AIVideoApiJsonContext.Default.AIVideoApiTask)
            : body.Deserialize(AIVideoApiJsonContext.Default.AIVideoApiTask);
        return task ?? throw new JsonException("The task is null.");
    }

    /// <summary>The task id of a create answer: <c>data.taskId</c> as documented; <c>data.task_id</c>, <c>data.id</c> and top-level ids are accepted too.</summary>
    public static string? ReadTaskId(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var scope in body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? new[] { data, body } : [body])
        {
            foreach (var name in (ReadOnlySpan<string>)["taskId", "task_id", "id"])
            {
                if (scope.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
        }

        return null;
    }

    /// <summary>The task's id (<c>id</c>, else <c>taskId</c>); a blank one is no id.</summary>
    public static string? IdOf(AIVideoApiTask task) =>
        !string.IsNullOrWhiteSpace(task.Id) ? task.Id : !string.IsNullOrWhiteSpace(task.TaskId) ? task.TaskId : null;

    public static VideoJob ToJob(AIVideoApiTask task, JsonElement raw, string provider, DateTimeOffset? now, VideoGenerationSettings? sent)
    {
        var id = IdOf(task) ?? throw new JsonException("The task has no id.");
        var status = MapStatus(task.Status).Status;
        var urls = (task.Output?.Urls ?? []).Where(JobMapping.IsDownloadable).ToList();
        VideoJobError? error = null;
        if (status == VideoJobStatus.Succeeded && urls.Count == 0)
        {
            (status, error) = (VideoJobStatus.Failed, new VideoJobError("no_video_url", "The gateway reported completion but gave no video URL.", VideoErrorCategory.Unknown));
        }
        else if (status == VideoJobStatus.Failed)
        {
            error = ToJobError(task.Error);
        }

        var completedAt = ReadTime(task.CompletedAt);
        var expiresAt = status == VideoJobStatus.Succeeded ? UnixTime.Plus(completedAt, OutputLifetime) : null;
        if (status == VideoJobStatus.Succeeded && expiresAt <= now)
        {
            status = VideoJobStatus.Expired; // the URLs are gone
        }

        return new VideoJob
        {
            Id = id,
            Provider = provider,
            Model = task.Model ?? sent?.Model,
            Status = status,
            Progress = status == VideoJobStatus.Succeeded ? 100 : Percent(task.Progress),
            CreatedAt = ReadTime(task.CreatedAt),
            CompletedAt = completedAt,
            ExpiresAt = expiresAt,
            Assets = status is VideoJobStatus.Succeeded
                ? [.. urls.Select(url => new VideoAsset(VideoAssetKind.Video) { Uri = new Uri(url), MediaType = MediaTypes.Mp4 })]
                : [],
            Error = error,
            ProviderStatus = task.Status,
            Effective = sent,
            RawRepresentation = raw,
        };
    }

    /// <summary>
    /// Reads the error envelope <c>{"error":{"code","message","type"}}</c> (any status), or <c>{"code":N,"msg"}</c> with
    /// N other than 200. A 2xx body without either is a success.
    /// </summary>
    public static ProviderError? ParseError(int statusCode, ProviderAnswer answer)
    {
        AIVideoApiErrorEnvelope? envelope = null;
        try
        {
            if (statusCode is >= 200 and < 300)
            {
                // A 2xx answer is read once, here and by the call; without an error object or a numeric code it is no error.
                var json = answer.Body.IsEmpty ? default : answer.Json(AIVideoApiJsonContext.Default.JsonElement);
                if (!ProviderAnswer.HasProperty(json, "error", JsonValueKind.Object) && !ProviderAnswer.HasProperty(json, "code", JsonValueKind.Number))
                {
                    return null;
                }

                envelope = json.Deserialize(AIVideoApiJsonContext.Default.AIVideoApiErrorEnvelope);
            }
            else
            {
                envelope = answer.Body.IsEmpty ? null : JsonSerializer.Deserialize(answer.Body.Span, AIVideoApiJsonContext.Default.AIVideoApiErrorEnvelope);
            }
        }
        catch (JsonException)
        {
            // not JSON (a proxy's HTML page, a CDN's XML): fall back to the status
        }

        AIVideoApiError? error = null;
        try
        {
            error = envelope?.Error.ValueKind == JsonValueKind.Object ? envelope.Error.Deserialize(AIVideoApiJsonContext.Default.AIVideoApiError) : null;
        }
        catch (JsonException)
        {
            // an error object of another shape ({"message":["x"]}): judge by the status and the rest
        }

        var platformCode = envelope?.Code.ValueKind == JsonValueKind.Number && envelope.Code.TryGetInt32(out var number) ? number : (int?)null;
        var success = statusCode is >= 200 and < 300;
        if (success && ((error is null && platformCode is null or 200 or 0) || envelope?.Status.ValueKind == JsonValueKind.String))
        {
            return null;
        }

        var effectiveStatus = success && platformCode is >= 400 and < 600 ? platformCode.Value : statusCode;
        var code = error?.CodeText ?? error?.Type;
        var message = error?.Message ?? envelope?.Msg ?? envelope?.Message ?? (success ? "the request failed without an explanation" : $"HTTP {statusCode} without an aivideoapi error body");
        return new ProviderError(KindOf(effectiveStatus, code, error?.Type, message), code, message);
    }

    private static ProviderErrorKind KindOf(int statusCode, string? code, string? type, string message)
    {
        switch (code?.ToUpperInvariant())
        {
            case "INVALID_API_KEY" or "AUTHENTICATION_ERROR" or "IP_NOT_ALLOWED" or "PERMISSION_ERROR":
                return ProviderErrorKind.Authentication;
            case "INSUFFICIENT_CREDITS" or "SPEND_LIMIT_EXCEEDED" or "BILLING_ERROR":
                return ProviderErrorKind.Quota;
            case "RATE_LIMIT_EXCEEDED" or "RATE_LIMIT_ERROR":
                return ProviderErrorKind.RateLimit;
            case "TASK_NOT_FOUND":
                return ProviderErrorKind.NotFound;
        }

        // Content-policy words win over a generic code: "upstream_error: rejected by the upstream content policy" is not worth a retry.
        if (JobMapping.IsContentPolicy(code, message))
        {
            return ProviderErrorKind.ContentPolicy;
        }

        switch (code?.ToUpperInvariant())
        {
            case "UPSTREAM_ERROR" or "INTERNAL_ERROR" or "API_ERROR":
                return ProviderErrorKind.Transient;
            case "MODEL_NOT_FOUND" or "INVALID_REQUEST" or "INVALID_REQUEST_ERROR":
                return ProviderErrorKind.InvalidRequest;
        }

        if (string.Equals(type, "billing_error", StringComparison.OrdinalIgnoreCase))
        {
            return ProviderErrorKind.Quota;
        }

        return statusCode is >= 200 and < 300 ? ProviderErrorKind.InvalidRequest
            : ProviderError.KindOf(statusCode);
    }

    private static VideoJobError ToJobError(AIVideoApiError? error)
    {
        var code = error?.CodeText ?? error?.Type;
        var message = error?.Message ?? "The video failed without an explanation.";
        var category = code?.ToUpperInvariant() switch
        {
            "INSUFFICIENT_CREDITS" or "SPEND_LIMIT_EXCEEDED" => VideoErrorCategory.Quota,
            _ when JobMapping.IsContentPolicy(code, message) => VideoErrorCategory.ContentPolicy, // before the generic codes
            "UPSTREAM_ERROR" or "INTERNAL_ERROR" or "API_ERROR" or "TIMEOUT" => VideoErrorCategory.Transient,
            "INVALID_REQUEST" or "INVALID_REQUEST_ERROR" => VideoErrorCategory.InvalidRequest,
            _ when JobMapping.Mentions(code, message, "timeout", "timed out", "unavailable", "try again", "overloaded", "capacity") => VideoErrorCategory.Transient,
            _ => VideoErrorCategory.Unknown,
        };
        return new VideoJobError(code, message, category);
    }

    // 0-100 as documented; a fraction with a decimal part (0.45) is read as 0-1.
    private static int? Percent(double? progress) => progress switch
    {
        null => null,
        { } p when p is > 0 and < 1 => (int)Math.Round(p * 100),
        { } p => (int)Math.Clamp(Math.Round(p), 0, 100),
    };

    private static DateTimeOffset? ReadTime(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var number) => number > 1e11 ? UnixTime.FromMilliseconds(number) : UnixTime.FromSeconds(number),
        JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time,
        _ => null,
    };
}
