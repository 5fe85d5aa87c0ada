using Microsoft.Extensions.Logging;

namespace SoraClient.Jobs.Internal;

internal static partial class JobsLog
{
    [LoggerMessage(1, LogLevel.Information, "Job ledger row {Key}: {Outcome}{Detail}")]
    public static partial void RowFinished(ILogger logger, string key, VideoJobOutcome outcome, string detail);

    [LoggerMessage(2, LogLevel.Warning, "Job ledger row {Key} is uncertain: the create request may have reached the gateway; it is not resubmitted unless asked")]
    public static partial void RowUncertain(ILogger logger, string key);

    [LoggerMessage(3, LogLevel.Warning, "Cannot resume {Count} job ledger rows of provider registration {Provider}: no IVideoGenerator is registered under that name")]
    public static partial void NoGenerator(ILogger logger, int count, string provider);

    [LoggerMessage(4, LogLevel.Error, "Resuming the job ledger rows of provider registration {Provider} failed")]
    public static partial void ResumeFailed(ILogger logger, Exception exception, string provider);

    [LoggerMessage(5, LogLevel.Warning, "Listening for job ledger changes failed; waits fall back to their polls until listening resumes")]
    public static partial void ListenFailed(ILogger logger, Exception exception);
}
