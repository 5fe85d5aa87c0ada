using System.Diagnostics;
using System.Globalization;
using SoraClient.Testing;

namespace SoraClient.Benchmarks;

/// <summary>
/// Many jobs waiting at once in one process: memory per waiting job, threads, and the reads they cost, with and without
/// a batch-reading gateway.
/// </summary>
internal static class ScaleSimulation
{
    public static async Task RunAsync(int jobs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{jobs:N0} jobs of 1 to 10 minutes waiting at once in one process."));
        Console.WriteLine();
        Console.WriteLine("| gateway | managed memory per waiting job | threads while waiting | status reads | batch requests | clock-driving CPU time |");
        Console.WriteLine("|---|---|---|---|---|---|");
        await RunAsync(jobs, batches: false);
        await RunAsync(jobs, batches: true);
    }

    private static async Task RunAsync(int jobs, bool batches)
    {
        var random = new Random(42);
        var time = new ManualTimeProvider();
        var generator = new SimulatedGenerator(time, reportsProgress: true, batches);
        var submitted = Enumerable.Range(0, jobs).Select(i => generator.Add($"job-{i}", TimeSpan.FromSeconds(60 + random.Next(540)))).ToArray();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var waits = submitted.Select(job => generator.WaitForCompletionAsync(job)).ToArray();
        await WaitUntilParkedAsync(time, waits);
        var waiting = GC.GetTotalMemory(forceFullCollection: true);
        var threads = Process.GetCurrentProcess().Threads.Count;

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var all = Task.WhenAll(waits);
        while (!all.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await WaitUntilParkedAsync(time, waits);
        }

        await all;
        var driving = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {(batches ? "batch reads (100 ids)" : "single reads")} | {(waiting - before) / (double)jobs:N0} B | {threads} | {generator.Reads:N0} ({generator.Reads / (double)jobs:F1}/job) | {generator.BatchRequests:N0} | {driving.TotalSeconds:F1} s |"));
    }

    // Lets the waits run until each is parked on a timer (or done), so moving the clock does not race them.
    private static async Task WaitUntilParkedAsync(ManualTimeProvider time, Task[] waits)
    {
        var quiet = 0;
        var last = -1;
        while (quiet < 3)
        {
            await Task.Delay(1);
            var pending = time.PendingTimers + waits.Count(w => w.IsCompleted);
            quiet = pending == last ? quiet + 1 : 0;
            last = pending;
        }
    }
}
