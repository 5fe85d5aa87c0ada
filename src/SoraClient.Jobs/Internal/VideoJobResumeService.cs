using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SoraClient.Jobs.Internal;

/// <summary>Resumes the ledger's unfinished rows when the app starts, each on the generator registered under its provider name.</summary>
internal sealed class VideoJobResumeService(IServiceProvider services, IVideoJobLedger ledger, VideoJobLedgerOptions options) : BackgroundService
{
    private readonly ILogger _logger = services.GetService<ILoggerFactory>()?.CreateLogger("SoraClient.Jobs") ?? NullLogger.Instance;

    /// <summary>Gets the summaries of the finished resumptions, by provider registration (for diagnostics and tests).</summary>
    public Dictionary<string, VideoJobRunSummary> Summaries { get; } = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var unfinished = await ledger.ListAsync(
            [VideoJobEntryState.Pending, VideoJobEntryState.Submitting, VideoJobEntryState.Submitted, VideoJobEntryState.Succeeded, VideoJobEntryState.Uncertain],
            stoppingToken).ConfigureAwait(false);
        var resumptions = unfinished.GroupBy(e => e.Provider, StringComparer.Ordinal).Select(async group =>
        {
            var generator = services.GetKeyedService<IVideoGenerator>(group.Key);
            if (generator is null)
            {
                JobsLog.NoGenerator(_logger, group.Count(), group.Key);
                return;
            }

            try
            {
                using var runner = new VideoJobRunner(ledger, generator, options.Runner, services.GetService<TimeProvider>(), _logger);
                var summary = await runner.ResumeAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                lock (Summaries)
                {
                    Summaries[group.Key] = summary;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                JobsLog.ResumeFailed(_logger, exception, group.Key);
            }
        });
        await Task.WhenAll(resumptions).ConfigureAwait(false);
    }
}
