using Microsoft.Extensions.Logging;

namespace SoraClient.AspNetCore.Internal;

/// <summary>Log messages of the webhook receiver (never a token, signature or body).</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(1, LogLevel.Warning, "Sora webhook for '{Provider}' refused: {Reason}")]
    public static partial void Refused(ILogger logger, string provider, string reason);

    [LoggerMessage(2, LogLevel.Debug, "Sora webhook for '{Provider}' job {JobId} ignored: {Reason}")]
    public static partial void Ignored(ILogger logger, string provider, string jobId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Sora webhook for '{Provider}' job {JobId} reports {Claimed} but its status read failed; nothing was reported")]
    public static partial void ConfirmationFailed(ILogger logger, string provider, string jobId, VideoJobStatus claimed, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Sora webhook for '{Provider}' job {JobId} reported {Claimed}; confirmed {Confirmed}")]
    public static partial void Confirmed(ILogger logger, string provider, string jobId, VideoJobStatus claimed, VideoJobStatus confirmed);

    [LoggerMessage(5, LogLevel.Error, "A video job event handler ({Handler}) failed for '{Provider}' job {JobId}")]
    public static partial void HandlerFailed(ILogger logger, string handler, string provider, string jobId, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Sora webhook queue is full; '{Provider}' job {JobId} refused with 503 (the gateway may deliver it again)")]
    public static partial void QueueFull(ILogger logger, string provider, string jobId);
}
