using Microsoft.Extensions.Logging;

namespace SoraClient.Emulator.Hosting;

/// <summary>The emulator's log messages.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(1, LogLevel.Information, "{Method} {Path}{Query} -> {StatusCode}{Outcome}")]
    public static partial void RequestHandled(ILogger logger, string method, string path, string query, int statusCode, string outcome);

    [LoggerMessage(2, LogLevel.Information, "Injecting fault {Fault} into {Method} {Path}")]
    public static partial void FaultInjected(ILogger logger, EmulatorFault fault, string method, string path);

    [LoggerMessage(3, LogLevel.Error, "Unhandled error in {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path);
}
