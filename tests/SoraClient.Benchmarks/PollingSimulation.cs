using System.Globalization;
using SoraClient.Testing;

namespace SoraClient.Benchmarks;

/// <summary>
/// How many status reads a job costs and how late its completion is noticed: SoraClient's default schedule (run for
/// real on a manual clock) against the fixed and exponential intervals other clients use (computed).
/// </summary>
internal static class PollingSimulation
{
    public static async Task RunAsync()
    {
        var random = new Random(42);
        var durations = Enumerable.Range(0, 300).Select(_ => TimeSpan.FromSeconds(60 + (random.NextDouble() * 540))).ToArray();
        Console.WriteLine($"Polling efficiency over {durations.Length} jobs lasting 1 to 10 minutes (mean {durations.Average(d => d.TotalSeconds):F0} s).");
        Console.WriteLine();
        Console.WriteLine("| schedule | reads per job | completion noticed after (mean) | (p95) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var reportsProgress in new[] { true, false })
        {
            var (reads, delays) = await SoraClientAsync(durations, reportsProgress);
            Row($"SoraClient default, gateway {(reportsProgress ? "reports progress" : "reports no progress")}", reads, delays);
        }

        foreach (var interval in new[] { 0.5, 1, 5, 15 })
        {
            Row(string.Create(CultureInfo.InvariantCulture, $"fixed {interval} s"), Fixed(durations, interval));
        }

        Row("exponential 1 s doubling to 30 s", Sequence(durations, Exponential()));
        Row("Azure management plane 1,1,1,2,4,8,16,32 s", Sequence(durations, [1, 1, 1, 2, 4, 8, 16, 32]));
    }

    private static async Task<(double[] Reads, double[] Delays)> SoraClientAsync(TimeSpan[] durations, bool reportsProgress)
    {
        var reads = new double[durations.Length];
        var delays = new double[durations.Length];
        for (var i = 0; i < durations.Length; i++)
        {
            var time = new ManualTimeProvider();
            var generator = new SimulatedGenerator(time, reportsProgress);
            var job = generator.Add("job", durations[i]);
            var waiting = generator.WaitForCompletionAsync(job);
            while (!waiting.IsCompleted)
            {
                if (time.TimeUntilNextTimer is { } next)
                {
                    time.Advance(next);
                }
                else
                {
                    await Task.Yield(); // the waiter is between a read and its next timer
                }
            }

            await waiting;
            reads[i] = generator.Reads;
            delays[i] = generator.DetectionDelay("job").TotalSeconds;
        }

        return (reads, delays);
    }

    private static (double[] Reads, double[] Delays) Fixed(TimeSpan[] durations, double interval) =>
        Sequence(durations, Enumerable.Repeat(interval, 1));

    private static IEnumerable<double> Exponential()
    {
        for (var delay = 1.0; ; delay = Math.Min(delay * 2, 30))
        {
            yield return delay;
        }
    }

    // Reads at the cumulative sums of the delays (the last one repeating) until one lands at or after the end.
    private static (double[] Reads, double[] Delays) Sequence(TimeSpan[] durations, IEnumerable<double> delays)
    {
        var steps = delays.Take(64).ToArray();
        var reads = new double[durations.Length];
        var late = new double[durations.Length];
        for (var i = 0; i < durations.Length; i++)
        {
            double at = 0;
            var count = 0;
            while (at < durations[i].TotalSeconds)
            {
                at += steps[Math.Min(count, steps.Length - 1)];
                count++;
            }

            reads[i] = count;
            late[i] = at - durations[i].TotalSeconds;
        }

        return (reads, late);
    }

    private static void Row(string name, (double[] Reads, double[] Delays) result) => Row(name, result.Reads, result.Delays);

    private static void Row(string name, double[] reads, double[] delays)
    {
        var sorted = delays.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {reads.Average():F1} | {delays.Average():F1} s | {sorted[(int)(0.95 * (sorted.Length - 1))]:F1} s |"));
    }
}
