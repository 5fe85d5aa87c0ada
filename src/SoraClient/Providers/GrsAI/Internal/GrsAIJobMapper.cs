using System.Globalization;
using System.Text.Json;
using SoraClient.Http;
using SoraClient.Normalization;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>Maps GrsAI task objects to neutral jobs, and GrsAI answers (including errors inside HTTP 200) to errors.</summary>
internal static class GrsAIJobMapper
{
    /// <summary>GrsAI's code for an empty balance ("insufficient credits").</summary>
    public const long InsufficientCredits = -1;

    /// <summary>GrsAI's code for "task not found" (also answered for a task that is not registered yet).</summary>
    public const long TaskNotFound = -22;

    public static readonly string TaskNotFoundCode = TaskNotFound.ToString(CultureInfo.InvariantCulture);

    /// <summary>GrsAI has no queued state: a fresh task is <c>running</c> with a low progress.</summary>
    public static StatusMapping MapStatus(string? status) => status?.ToUpperInvariant() switch
    {
        "RUNNING" => new(VideoJobStatus.Running, true),
        "SUCCEEDED" => new(VideoJobStatus.Succeeded, true),
        "FAILED" => new(VideoJobStatus.Failed, true),
        _ => new(VideoJobStatus.Queued, false), // an undocumented word keeps the wait going
    };

    /// <summary>
    /// The neutral job for a video task. <c>succeeded</c> counts only with a result URL; <paramref name="expiresAt"/> is
    /// asked for only when the job succeeded, and a result past it is reported <see cref="VideoJobStatus.Expired"/>.
    /// </summary>
    public static VideoJob ToJob(GrsAITask task, string id, JsonElement raw, string provider, DateTimeOffset now,
        Func<DateTimeOffset?> expiresAt, VideoGenerationSettings? sent)
    {
        var status = MapStatus(task.Status).Status;
        var assets = (task.Results ?? [])
            .OfType<GrsAIResult>() // a null entry is skipped
            .Select(r => (Result: r, Uri: Uri.TryCreate(r.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null))
            .Where(r => r.Uri is not null)
            .Select(r => new VideoAsset(VideoAssetKind.Video) { Uri = r.Uri, ProviderReference = r.Result.Pid, MediaType = MediaTypes.Mp4 })
            .ToList();
        VideoJobError? error = null;
        DateTimeOffset? expires = null;
        if (status == VideoJobStatus.Succeeded && assets.Count == 0)
        {
            status = VideoJobStatus.Failed;
            error = new VideoJobError("no_result", "GrsAI reported success without a result URL.", VideoErrorCategory.Unknown);
        }
        else if (status == VideoJobStatus.Succeeded)
        {
            expires = expiresAt();
            if (expires <= now)
            {
                status = VideoJobStatus.Expired; // GrsAI keeps results for a limited time only
            }
        }
        else if (status == VideoJobStatus.Failed)
        {
            error = ToJobError(task);
        }

        return new VideoJob
        {
            Id = id,
            Provider = provider,
            Model = sent?.Model,
            Status = status,
            Progress = status == VideoJobStatus.Succeeded ? 100 : ClampProgress(task.Progress),
            ExpiresAt = expires,
            Assets = status is VideoJobStatus.Succeeded or VideoJobStatus.Expired ? assets : [],
            Error = error,
            ProviderStatus = task.Status,
            Effective = sent,
            RawRepresentation = raw,
        };
    }

    /// <summary><c>failure_reason</c>: <c>input_moderation</c>/<c>output_moderation</c> (and the newer API's <c>violation</c>) are content policy, <c>error</c> is worth a retry.</summary>
    public static VideoJobError ToJobError(GrsAITask task)
    {
        var reason = string.IsNullOrWhiteSpace(task.FailureReason) ? null : task.FailureReason;
        var detail = task.ErrorText;
        var category = reason?.ToUpperInvariant() switch
        {
            "INPUT_MODERATION" or "OUTPUT_MODERATION" or "VIOLATION" => VideoErrorCategory.ContentPolicy,
            _ when JobMapping.IsContentPolicy(null, detail) => VideoErrorCategory.ContentPolicy, // before the generic "error"
            "ERROR" => VideoErrorCategory.Transient,
            _ => VideoErrorCategory.Unknown,
        };
        var message = detail ?? reason?.ToUpperInvariant() switch
        {
            "INPUT_MODERATION" => "The prompt or the input was rejected by moderation.",
            "OUTPUT_MODERATION" => "The generated video was rejected by moderation.",
            "ERROR" => "The generation failed on GrsAI's side; resubmitting later may succeed.",
            _ => "The task failed without an explanation.",
        };
        return new VideoJobError(reason, message, category);
    }

    /// <summary>
    /// Reads a GrsAI error from any response: for HTTP 2xx, an envelope with a non-zero <c>code</c> (GrsAI reports its
    /// business errors inside HTTP 200); otherwise the status, with the body's <c>code</c> and <c>msg</c> when it has them.
    /// </summary>
    public static ProviderError? ParseError(int statusCode, ProviderAnswer answer)
    {
        // The records before one with a field of an impossible type, if any: then judge by the status alone.
        GrsAIEnvelope? envelope = null;
        var records = GrsAIRecords.Of(answer);
        var found = false;
        foreach (var record in records.All)
        {
            if (record is { Envelope: { } recordEnvelope })
            {
                envelope ??= recordEnvelope;
                if (record.IsError)
                {
                    (envelope, found) = (recordEnvelope, true);
                    break;
                }
            }
        }

        if (!found && records.Error is { SourceException: not JsonException } failure)
        {
            failure.Throw(); // as when the records were read here: the sender decides what that means
        }

        var success = statusCode is >= 200 and < 300;
        if (success && envelope?.Code is null or 0)
        {
            return null;
        }

        var code = envelope?.Code;
        var codeText = code?.ToString(CultureInfo.InvariantCulture);
        var message = envelope?.Text is { Length: > 0 } text ? text
            : success ? $"GrsAI answered code {codeText} without a message"
            : $"HTTP {statusCode} without a GrsAI error body";
        return new ProviderError(KindOf(statusCode, code, message), codeText, message);
    }

    private static ProviderErrorKind KindOf(int statusCode, long? code, string message) => code switch
    {
        InsufficientCredits => ProviderErrorKind.Quota,
        TaskNotFound => ProviderErrorKind.NotFound,
        _ when statusCode is 401 or 403 => ProviderErrorKind.Authentication,
        _ when Mentions(message, "credit", "balance", "quota", "余额", "积分") => ProviderErrorKind.Quota,
        _ when Mentions(message, "apikey", "api key", "api-key", "unauthorized", "invalid key") => ProviderErrorKind.Authentication,
        _ when Mentions(message, "too many", "too frequent", "rate limit", "频繁") => ProviderErrorKind.RateLimit,
        _ when JobMapping.IsContentPolicy(null, message) => ProviderErrorKind.ContentPolicy, // before a generic status
        _ when statusCode is >= 200 and < 300 => ProviderErrorKind.Unknown,
        _ => ProviderError.KindOf(statusCode),
    };

    private static bool Mentions(string? text, params string[] words) => JobMapping.Mentions(null, text, words);

    public static int? ClampProgress(double? progress) => progress is { } p && double.IsFinite(p) ? (int)Math.Clamp(Math.Round(p), 0, 100) : null;
}
