using System.Globalization;
using System.Text.Json;
using SoraClient.Http;
using SoraClient.Normalization;

namespace SoraClient.Providers.OpenAI.Internal;

/// <summary>Maps <c>/v1/videos</c> answers to neutral jobs and errors.</summary>
internal static class OpenAIJobMapper
{
    private static readonly IReadOnlyList<VideoAsset> s_assets =
    [
        new(VideoAssetKind.Video) { MediaType = MediaTypes.Mp4 },
        new(VideoAssetKind.Thumbnail) { MediaType = MediaTypes.Webp },
        new(VideoAssetKind.Spritesheet) { MediaType = MediaTypes.Jpeg },
    ];

    public static StatusMapping MapStatus(string? status) => status?.ToUpperInvariant() switch
    {
        "QUEUED" => new(VideoJobStatus.Queued, true),
        "IN_PROGRESS" => new(VideoJobStatus.Running, true),
        "COMPLETED" => new(VideoJobStatus.Succeeded, true),
        "FAILED" => new(VideoJobStatus.Failed, true),
        "CANCELED" or "CANCELLED" => new(VideoJobStatus.Canceled, true),
        "EXPIRED" => new(VideoJobStatus.Expired, true),
        _ => new(VideoJobStatus.Queued, false), // unknown words (e.g. the old relay's "submitted") keep the wait going
    };

    public static VideoJob ToJob(OpenAIVideo video, StatusMapping mapping, JsonElement raw, string provider, IReadOnlyList<VideoModelCapabilities> models,
        DateTimeOffset now, VideoGenerationSettings? sent)
    {
        var status = mapping.Status;
        var expiresAt = UnixTime.FromSeconds(video.ExpiresAt);
        if (status == VideoJobStatus.Succeeded && expiresAt <= now)
        {
            status = VideoJobStatus.Expired; // the content endpoint answers 404 once assets expire
        }

        return new VideoJob
        {
            Id = video.Id ?? throw new JsonException("The video has no id."),
            Provider = provider,
            Model = video.Model ?? sent?.Model,
            Status = status,
            Progress = status == VideoJobStatus.Succeeded ? 100 : ClampProgress(video.Progress),
            CreatedAt = UnixTime.FromSeconds(video.CreatedAt),
            CompletedAt = UnixTime.FromSeconds(video.CompletedAt),
            ExpiresAt = expiresAt,
            Assets = status == VideoJobStatus.Succeeded ? s_assets : [],
            Error = status == VideoJobStatus.Failed ? ToJobError(video.Error) : null,
            ProviderStatus = video.Status,
            Effective = sent ?? Reported(video, models),
            RawRepresentation = raw,
        };
    }

    /// <summary>Reads the error envelope of a non-success response. Success bodies carry no envelope on this protocol.</summary>
    public static ProviderError? ParseError(int statusCode, ProviderAnswer answer)
    {
        if (statusCode is >= 200 and < 300)
        {
            return null;
        }

        OpenAIError? error = null;
        try
        {
            error = JsonSerializer.Deserialize(answer.Body.Span, OpenAIJsonContext.Default.OpenAIErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            // not JSON (a proxy's HTML page, say): fall back to the status
        }

        var message = error?.Message ?? $"HTTP {statusCode} without an OpenAI error body";
        var code = error?.CodeText ?? error?.Type;
        return new ProviderError(KindOf(statusCode, code, message), code, message);
    }

    private static ProviderErrorKind KindOf(int statusCode, string? code, string message)
    {
        if (JobMapping.IsContentPolicy(code, message))
        {
            return ProviderErrorKind.ContentPolicy;
        }

        // APIYI answers 429 both for throttling and for an empty balance; only the text tells them apart.
        if (statusCode is 429 or 402 or 403 && JobMapping.Mentions(code, message, "insufficient", "balance", "quota", "credit", "余额"))
        {
            return ProviderErrorKind.Quota;
        }

        return ProviderError.KindOf(statusCode);
    }

    private static VideoJobError ToJobError(OpenAIError? error)
    {
        var code = error?.CodeText;
        var message = error?.Message ?? "The video failed without an explanation.";
        var category = JobMapping.IsContentPolicy(code, message)
            ? VideoErrorCategory.ContentPolicy
            : JobMapping.Mentions(code, message, "server_error", "internal", "capacity", "timeout", "unavailable", "rate_limit")
                ? VideoErrorCategory.Transient
                : JobMapping.Mentions(code, message, "invalid", "unsupported")
                    ? VideoErrorCategory.InvalidRequest
                    : VideoErrorCategory.Unknown;
        return new VideoJobError(code, message, category);
    }

    private static VideoGenerationSettings? Reported(OpenAIVideo video, IReadOnlyList<VideoModelCapabilities> models)
    {
        var seconds = video.Seconds.ValueKind switch
        {
            JsonValueKind.String when int.TryParse(video.Seconds.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
            JsonValueKind.Number when video.Seconds.TryGetInt32(out var n) => n,
            _ => (int?)null,
        };
        if (video.Model is null || video.Size is null || seconds is null)
        {
            return null;
        }

        var size = models.FirstOrDefault(m => string.Equals(m.Model, video.Model, StringComparison.OrdinalIgnoreCase))?.FindSize(video.Size);
        if (size is null && VideoRequestNormalizer.TryParsePixels(video.Size, out var width, out var height))
        {
            size = VideoSizeOption.Pixels(width, height, VideoRequestNormalizer.TierOf(width, height));
        }

        return new VideoGenerationSettings
        {
            Model = video.Model,
            DurationSeconds = seconds.Value,
            Size = video.Size,
            AspectRatio = size?.AspectRatio ?? VideoAspectRatio.Landscape,
            Resolution = size?.Resolution ?? VideoResolution.Standard,
        };
    }

    private static int? ClampProgress(double? progress) => progress is { } p ? (int)Math.Clamp(Math.Round(p), 0, 100) : null;
}
