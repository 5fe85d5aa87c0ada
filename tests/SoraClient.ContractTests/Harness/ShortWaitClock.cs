using System.Collections.Concurrent;
using SoraClient.Testing;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// A <see cref="ManualTimeProvider"/> that skips every short wait as soon as it is scheduled (retry and Retry-After delays,
/// poll intervals, the batch gathering delay) and never a long one (the per-attempt and download idle timeouts, which the
/// tests set to <see cref="LongTimeout"/>), so real HTTP calls to WireMock are never cut short and no test waits for real
/// seconds. <see cref="Waits"/> records what was skipped.
/// </summary>
public sealed class ShortWaitClock
{
    /// <summary>Timers at least this long are left alone.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMinutes(10);

    /// <summary>What tests give as <c>RequestTimeout</c> and <c>DownloadIdleTimeout</c>: never skipped.</summary>
    public static readonly TimeSpan LongTimeout = TimeSpan.FromHours(1);

    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public ShortWaitClock()
    {
        Time.TimerScheduled = delay =>
        {
            if (delay >= Threshold)
            {
                return;
            }

            _waits.Enqueue(delay);
            var due = Time.GetUtcNow() + delay;
            ThreadPool.QueueUserWorkItem(_ => Time.AdvanceTo(due));
        };
    }

    public ManualTimeProvider Time { get; } = new();

    /// <summary>Every short wait scheduled (and skipped), in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];
}
