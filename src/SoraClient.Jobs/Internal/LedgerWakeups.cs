using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SoraClient.Jobs.Internal;

/// <summary>
/// One <c>LISTEN</c> per run, shared by all its rows: hands each changed key to the row waiting on it, and every change to
/// the rows waiting for a free slot. A lost connection is listened on again (after 0, 1, 2, 4 ... 30 s on the runner's
/// clock); since changes made meanwhile were not heard, everyone is woken once it listens again, and checks for itself.
/// </summary>
internal sealed class LedgerWakeups : IAsyncDisposable
{
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly IVideoJobLedgerChangeFeed _feed;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Action> _rows = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listening;
    private TaskCompletionSource _anyChange = NewSignal();

    private LedgerWakeups(IVideoJobLedgerChangeFeed feed, TimeProvider time, ILogger logger, TaskCompletionSource started)
    {
        _feed = feed;
        _time = time;
        _logger = logger;
        _listening = ListenAsync(started);
    }

    /// <summary>Starts listening; returns once the first <c>LISTEN</c> succeeded or failed (then it keeps trying in the background).</summary>
    public static async Task<LedgerWakeups> StartAsync(IVideoJobLedgerChangeFeed feed, TimeProvider time, ILogger logger)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wakeups = new LedgerWakeups(feed, time, logger, started);
        await started.Task.ConfigureAwait(false);
        return wakeups;
    }

    /// <summary>Calls <paramref name="onChange"/> whenever the row changes (or may have) until the result is disposed.</summary>
    public IDisposable Watch(string key, Action onChange)
    {
        _rows[key] = onChange;
        return new Subscription(() => _rows.TryRemove(new KeyValuePair<string, Action>(key, onChange)));
    }

    /// <summary>Completes at the next change of any row (or when listening resumes after a loss).</summary>
    public Task NextChange => Volatile.Read(ref _anyChange).Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
#pragma warning disable VSTHRD003 // the listening loop is this object's own, started in its constructor
        await _listening.ConfigureAwait(false);
#pragma warning restore VSTHRD003
        _stop.Dispose();
    }

    private async Task ListenAsync(TaskCompletionSource started)
    {
        await Task.Yield();
        var delay = TimeSpan.Zero;
        var lost = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var listening = await _feed.ListenAsync(Changed, _stop.Token).ConfigureAwait(false);
                started.TrySetResult();
                delay = TimeSpan.Zero;
                if (lost)
                {
                    WakeAll(); // changes made while nobody listened were not heard
                }

                await listening.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                JobsLog.ListenFailed(_logger, exception);
            }

            started.TrySetResult();
            lost = true;
            try
            {
                await Task.Delay(delay, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = delay == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_maxRetryDelay.Ticks));
        }
    }

    private void Changed(string key)
    {
        if (_rows.TryGetValue(key, out var onChange))
        {
            onChange();
        }

        Interlocked.Exchange(ref _anyChange, NewSignal()).TrySetResult();
    }

    private void WakeAll()
    {
        foreach (var onChange in _rows.Values)
        {
            onChange();
        }

        Interlocked.Exchange(ref _anyChange, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
