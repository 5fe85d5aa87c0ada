namespace SoraClient.Jobs.Tests.PostgreSql;

/// <summary>
/// The request rate as a gateway's log shows it. The shared bucket gives each attempt its token as it is sent, but a
/// request reaches the gateway a variable moment later (a process, or the in-process emulator, waiting for one of this
/// machine's 2 cores), so a single second of the log can hold a few more than the rate. Over 5 seconds the rate holds,
/// with half a second of that delay allowed (plus the one token a full bucket holds).
/// </summary>
public static class RateWindows
{
    private static readonly TimeSpan s_delivery = TimeSpan.FromSeconds(0.5);

    /// <summary>The most requests in any window of that length (sliding, starting at each request).</summary>
    public static int Busiest(IReadOnlyList<DateTimeOffset> sorted, TimeSpan window)
    {
        var busiest = 0;
        var start = 0;
        for (var end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            busiest = Math.Max(busiest, end - start + 1);
        }

        return busiest;
    }

    /// <summary>What a bucket of <paramref name="rate"/> per second lets a window of the gateway's log hold.</summary>
    public static double Allowed(double rate, TimeSpan window) => 1 + (rate * (window + s_delivery).TotalSeconds);
}
