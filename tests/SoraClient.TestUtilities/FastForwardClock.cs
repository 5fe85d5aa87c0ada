using System.Collections.Concurrent;
namespace SoraClient.Testing;

/// <summary>
/// A <see cref="ManualTimeProvider"/> that jumps over every <em>short</em> wait as soon as it is scheduled (retry
/// delays, <c>Retry-After</c>, poll intervals) and never over a long one (the per-attempt timeout and the download
/// idle timeout, which the tests set to <see cref="LongTimeout"/>), so real HTTP calls are never cut short by a
/// timeout firing early, while no test waits for real seconds. <see cref="Waits"/> records what was skipped, so a test can check that the
/// SDK waited exactly what the server asked for.
/// </summary>
public sealed class FastForwardClock
{
    /// <summary>Timers at least this long are left alone.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMinutes(10);

    /// <summary>What tests give as <c>RequestTimeout</c> and <c>DownloadIdleTimeout</c>: never fast-forwarded.</summary>
    public static readonly TimeSpan LongTimeout = TimeSpan.FromHours(1);

    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public FastForwardClock()
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

    /// <summary>Every short wait the code under test scheduled (and that was skipped), in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    /// <summary>The short waits except zero-length ones (a zero delay is not a wait).</summary>
    public IReadOnlyList<TimeSpan> NonZeroWaits => [.. _waits.Where(w => w > TimeSpan.Zero)];
}
