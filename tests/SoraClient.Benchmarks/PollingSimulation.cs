using System.Globalization;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.Benchmarks;

/// <summary>
/// Waiting per job length: how many status reads a job costs and how late its completion is noticed, for jobs of
/// 30 s to 10 minutes. SoraClient's default waits run for real (the OpenAI adapter on an in-memory gateway, a manual clock):
/// polling with and without progress reports, and webhooks (a callback at completion and one confirming read, or a lost
/// callback and the safety poll). The fixed and exponential intervals other clients use are computed beside them. Each
/// polling row is checked against issue 15's targets, per length.
/// </summary>
internal static class PollingSimulation
{
    private const string Key = "sk-bench-0123456789abcdef";
    private static readonly int[] s_lengths = [30, 60, 120, 300, 600];

    public static async Task<int> RunAsync(int jobsPerRow)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Waiting per job length: {jobsPerRow} jobs per row, lengths spread ±10 % around each, default VideoWaitOptions (jitter on),"));
        Console.WriteLine("the real OpenAI adapter on an in-memory gateway and a manual clock. p50/p95 over the row's jobs.");
        Console.WriteLine();
        Console.WriteLine("| length | schedule | reads p50 | reads p95 | late p50 | late p95 | late p50 / length | target (issue 15) | met |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var missed = 0;
        foreach (var seconds in s_lengths)
        {
            var random = new Random(seconds);
            var lengths = Enumerable.Range(0, jobsPerRow).Select(_ => TimeSpan.FromSeconds(seconds * (0.9 + (0.2 * random.NextDouble())))).ToArray();
            var label = seconds < 60 ? $"{seconds} s" : $"{seconds / 60} min";

            var progress = await SoraClientAsync(lengths, reportsProgress: true, callbacks: false);
            missed += Row(label, "SoraClient polling, progress reported", lengths, progress, maxReads: 12, maxLate: _ => 5, "≤ 12 reads (p95), ≤ 5 s late (p50)") ? 0 : 1;
            var none = await SoraClientAsync(lengths, reportsProgress: false, callbacks: false);
            missed += Row(label, "SoraClient polling, no progress", lengths, none, maxReads: 20, maxLate: length => 0.1 * length,
                "≤ 20 reads (p95), ≤ 10 % of the length late (p50)") ? 0 : 1;
            Row(label, "SoraClient webhooks: callback at completion, 1 confirming read", lengths, await SoraClientAsync(lengths, reportsProgress: true, callbacks: true));
            Row(label, "webhooks, callback lost: the 2 min safety poll alone (computed)", lengths, Sequence(lengths, [120]));
            Row(label, "fixed 5 s", lengths, Sequence(lengths, [5]));
            Row(label, "fixed 15 s", lengths, Sequence(lengths, [15]));
            Row(label, "exponential 1 s doubling to 30 s", lengths, Sequence(lengths, Exponential()));
        }

        Console.WriteLine();
        Console.WriteLine(missed == 0 ? "Every polling row meets its target." : $"{missed} polling row(s) miss their target.");
        return missed == 0 ? 0 : 1;
    }

    /// <summary>Waits for each job in turn with the default options; with <paramref name="callbacks"/>, on a generator whose callback comes at completion.</summary>
    private static async Task<(double[] Reads, double[] Late)> SoraClientAsync(TimeSpan[] lengths, bool reportsProgress, bool callbacks)
    {
        var time = new ManualTimeProvider();
        var gateway = new SimulatedOpenAIGateway(time, reportsProgress);
        using var openAI = new OpenAIVideoGenerator(new HttpClient(gateway), new OpenAIOptions { Endpoint = new Uri(SimulatedOpenAIGateway.Endpoint), ApiKey = Key });
        using var webhooks = callbacks ? new CallbackGenerator(openAI, time, gateway, delivered: true) : null;
        IVideoGenerator generator = webhooks is null ? openAI : webhooks;
        var reads = new double[lengths.Length];
        var late = new double[lengths.Length];
        for (var i = 0; i < lengths.Length; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"video_{i}");
            gateway.Add(id, lengths[i]);
            var submitted = await generator.GetJobAsync(id); // what SubmitAsync returns: not counted below
            if (webhooks is not null)
            {
                webhooks.CallbackArrived = false;
            }

            var options = new VideoWaitOptions { TimeProvider = time };
            var deadline = time.GetUtcNow() + options.Timeout;
            var waiting = generator.WaitForCompletionAsync(submitted, options);
            while (!waiting.IsCompleted)
            {
                // Moves the clock only while the wait is parked on its timers: one (the next read), or two (the safety poll and
                // the callback). A read in flight adds its deadline's timer; a
                // wait between timers has fewer. Once the callback came, the confirming read ends the wait without the clock.
                if (webhooks is not { CallbackArrived: true } && time.PendingTimers == (webhooks is null ? 1 : 2)
                    && time.TimeUntilNextTimer is { } next && time.GetUtcNow() + next < deadline - TimeSpan.FromSeconds(0.5))
                {
                    time.Advance(next);
                }
                else
                {
                    await Task.Yield();
                }
            }

            await waiting;
            reads[i] = gateway.Reads(id) - 1;
            late[i] = gateway.DetectionDelay(id).TotalSeconds;
        }

        return (reads, late);
    }

    private static IEnumerable<double> Exponential()
    {
        for (var delay = 1.0; ; delay = Math.Min(delay * 2, 30))
        {
            yield return delay;
        }
    }

    // Reads at the cumulative sums of the delays (the last one repeating) until one lands at or after the end.
    private static (double[] Reads, double[] Late) Sequence(TimeSpan[] lengths, IEnumerable<double> delays)
    {
        var steps = delays.Take(64).ToArray();
        var reads = new double[lengths.Length];
        var late = new double[lengths.Length];
        for (var i = 0; i < lengths.Length; i++)
        {
            double at = 0;
            var count = 0;
            while (at < lengths[i].TotalSeconds)
            {
                at += steps[Math.Min(count, steps.Length - 1)];
                count++;
            }

            reads[i] = count;
            late[i] = at - lengths[i].TotalSeconds;
        }

        return (reads, late);
    }

    /// <summary>Prints a row; with a target, whether the row meets it (reads at p95, lateness at p50).</summary>
    private static bool Row(string length, string name, TimeSpan[] lengths, (double[] Reads, double[] Late) result,
        int? maxReads = null, Func<double, double>? maxLate = null, string target = "")
    {
        var fraction = result.Late.Select((late, i) => late / lengths[i].TotalSeconds).ToArray();
        var met = maxReads is null
            || (Percentile(result.Reads, 0.95) <= maxReads && Percentile(result.Late.Select((late, i) => late - maxLate!(lengths[i].TotalSeconds)).ToArray(), 0.5) <= 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {length} | {name} | {Percentile(result.Reads, 0.5):0.#} | {Percentile(result.Reads, 0.95):0.#} | {Percentile(result.Late, 0.5):F1} s | {Percentile(result.Late, 0.95):F1} s | {Percentile(fraction, 0.5):P1} | {target} | {(maxReads is null ? "" : met ? "yes" : "**no**")} |"));
        return met;
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(p * (sorted.Length - 1))];
    }
}
