using Microsoft.Extensions.Logging;

namespace SoraClient.Emulator.Callbacks;

/// <summary>The callback dispatcher's log messages (paths only: callback URLs may carry tokens in their query).</summary>
internal static partial class CallbackLog
{
    [LoggerMessage(101, LogLevel.Information, "{Protocol} job {JobId} ended: callback POST {Url} -> {Outcome}")]
    public static partial void Sent(ILogger logger, string protocol, string jobId, string url, string outcome);
}
