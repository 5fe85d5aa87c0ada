using Microsoft.Extensions.Logging;

namespace SoraClient.Http;

/// <summary>What the sender logs. Paths only (never query strings or headers), so keys and signed URLs stay out of logs.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(1, LogLevel.Debug, "{Provider} {Operation}: {Method} {Path} -> HTTP {StatusCode} in {ElapsedMs:F0} ms")]
    public static partial void Response(ILogger logger, string provider, HttpOperation operation, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(2, LogLevel.Warning, "{Provider} {Operation}: {Method} {Path} failed after {ElapsedMs:F0} ms: {ErrorType}")]
    public static partial void Failure(ILogger logger, string provider, HttpOperation operation, string method, string path, string errorType, double elapsedMs);

    [LoggerMessage(3, LogLevel.Information, "{Provider} {Operation}: retry {Attempt} in {Delay} after {Reason}")]
    public static partial void Retry(ILogger logger, string provider, HttpOperation operation, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(4, LogLevel.Warning, "{Provider} download interrupted at byte {Position} ({Reason}); resuming")]
    public static partial void Resume(ILogger logger, string provider, long position, string reason);

    [LoggerMessage(5, LogLevel.Error, "{Provider} submit outcome unknown: the request was sent but no answer came ({Reason}); not retried because the job may exist")]
    public static partial void SubmitUncertain(ILogger logger, string provider, string reason);

    [LoggerMessage(6, LogLevel.Debug, "{Provider}: redirected to {Host} {Path}")]
    public static partial void Redirect(ILogger logger, string provider, string host, string path);

    [LoggerMessage(7, LogLevel.Warning, "{Provider}: ignored the hint {Header}: {Value} (not a delay between 0 and 24 hours)")]
    public static partial void HintIgnored(ILogger logger, string provider, string header, string value);

    [LoggerMessage(8, LogLevel.Warning, "{Provider}: refused a link to {Host}, an internal address that is not the gateway's own host")]
    public static partial void LinkRefused(ILogger logger, string provider, string host);
}
