using SoraClient.AspNetCore;

namespace SoraClient.Samples;

/// <summary>Logs each confirmed update a webhook brings.</summary>
internal sealed partial class LogUpdates(ILogger<LogUpdates> logger) : IVideoJobEventHandler
{
    public Task OnJobUpdatedAsync(VideoJob job, CancellationToken cancellationToken)
    {
        Updated(logger, job.Reference.ToString(), job.Status, job.Progress);
        return Task.CompletedTask;
    }

    [LoggerMessage(1, LogLevel.Information, "Webhook: {Reference} is {Status} ({Progress} %), confirmed by a status read")]
    private static partial void Updated(ILogger logger, string reference, VideoJobStatus status, int? progress);
}
