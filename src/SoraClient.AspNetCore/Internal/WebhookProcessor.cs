using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SoraClient.AspNetCore.Internal;

/// <summary>
/// Confirms verified callbacks off the request thread: one status read per job at a time (callbacks arriving meanwhile
/// ask for one more read after it, not one each), then the confirmed state goes to the hub (waits) and, when it moved the
/// job forward, to every <see cref="IVideoJobEventHandler"/>.
/// </summary>
internal sealed class WebhookProcessor(IServiceProvider services, WebhookJobHub hub, ILogger<WebhookProcessor> logger) : BackgroundService
{
    private const int Capacity = 10_000;
    private const int Concurrency = 16;
    private readonly Channel<WebhookHint> _queue = Channel.CreateBounded<WebhookHint>(new BoundedChannelOptions(Capacity) { SingleReader = false });
    private readonly Dictionary<(string, string), bool> _inFlight = []; // value: another callback came during the read
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif

    /// <summary>Queues a hint; <see langword="false"/> when the queue is full.</summary>
    public bool TryEnqueue(WebhookHint hint)
    {
        var key = (hint.Job.Provider, hint.Job.Id);
        lock (_gate)
        {
            if (_inFlight.ContainsKey(key))
            {
                _inFlight[key] = true;
                return true;
            }

            if (!_queue.Writer.TryWrite(hint))
            {
                return false;
            }

            _inFlight[key] = false;
            return true;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(_queue.Reader.ReadAllAsync(stoppingToken), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stoppingToken },
            ProcessAsync);

    private async ValueTask ProcessAsync(WebhookHint hint, CancellationToken cancellationToken)
    {
        var key = (hint.Job.Provider, hint.Job.Id);
        while (true)
        {
            await ConfirmAndPublishAsync(hint, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (!_inFlight[key])
                {
                    _inFlight.Remove(key);
                    return;
                }

                _inFlight[key] = false; // read once more for what came during this read
            }
        }
    }

    private async Task ConfirmAndPublishAsync(WebhookHint hint, CancellationToken cancellationToken)
    {
        var claimed = hint.Job;
        VideoJob job;
        try
        {
            job = hint.Confirm
                ? await services.GetRequiredKeyedService<IVideoGenerator>(claimed.Provider).GetJobAsync(claimed.Id, cancellationToken).ConfigureAwait(false)
                : claimed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WebhookLog.ConfirmationFailed(logger, claimed.Provider, claimed.Id, claimed.Status, ex);
            return;
        }

        WebhookLog.Confirmed(logger, claimed.Provider, claimed.Id, claimed.Status, job.Status);
        if (hub.Publish(job))
        {
            await NotifyAsync(job, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task NotifyAsync(VideoJob job, CancellationToken cancellationToken)
    {
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            foreach (var handler in scope.ServiceProvider.GetServices<IVideoJobEventHandler>())
            {
                try
                {
                    await handler.OnJobUpdatedAsync(job, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    WebhookLog.HandlerFailed(logger, handler.GetType().Name, job.Provider, job.Id, ex);
                }
            }
        }
    }
}
