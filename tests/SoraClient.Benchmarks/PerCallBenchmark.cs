using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace SoraClient.Benchmarks;

/// <summary>
/// Status reads and creates per call, in memory, against issue 15's targets: the three clients of
/// <see cref="StatusReadBenchmarks"/> and <see cref="CreateBenchmarks"/> take turns in one process, round after round,
/// and each round measures the process's CPU time and the bytes allocated. CPU time, not wall time, because the machine
/// is shared: a client that was descheduled is not charged for it; medians over the rounds keep a collection or a
/// neighbour's burst in one round from moving the figure.
/// </summary>
internal static class PerCallBenchmark
{
    private const int CallsPerRound = 20_000;

    public static async Task<int> RunAsync(int rounds)
    {
        var reads = new StatusReadBenchmarks();
        var creates = new CreateBenchmarks();
        reads.Setup();
        creates.Setup();
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Per call, in memory ({rounds} interleaved rounds of {CallsPerRound:N0} calls per client; medians; .NET {Environment.Version}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})."));
            Console.WriteLine();
            Console.WriteLine("| call | client | CPU per call | allocated per call | CPU ÷ hand-written | bytes ÷ hand-written | CPU ÷ VideoClient | bytes ÷ VideoClient | target (issue 15) | met |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            var missed = 0;
            missed += await RowsAsync("status read", rounds, reads.HandWritten, async () => await reads.SoraClient(), reads.OpenAIVideoClient);
            missed += await RowsAsync("create", rounds, creates.HandWritten, async () => await creates.SoraClient(), creates.OpenAIVideoClient);
            return missed == 0 ? 0 : 1;
        }
        finally
        {
            reads.Cleanup();
            creates.Cleanup();
        }
    }

    private static async Task<int> RowsAsync(string call, int rounds, Func<Task> handWritten, Func<Task> sora, Func<Task> videoClient)
    {
        Func<Task>[] clients = [handWritten, sora, videoClient];
        var cpu = clients.Select(_ => new List<double>()).ToArray();
        var bytes = clients.Select(_ => new List<double>()).ToArray();
        for (var warmup = 0; warmup < 3; warmup++)
        {
            foreach (var client in clients)
            {
                await RunAsync(client, CallsPerRound); // tiered compilation, dynamic PGO, pools
            }

            await Task.Delay(200); // lets the background compiler install the optimised code
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var turn = 0; turn < clients.Length; turn++)
            {
                var i = (round + turn) % clients.Length; // a different client goes first each round
                var (c, b) = await RunAsync(clients[i], CallsPerRound);
                cpu[i].Add(c);
                bytes[i].Add(b);
            }
        }

        var (hwCpu, hwBytes) = (Median(cpu[0]), Median(bytes[0]));
        var (scCpu, scBytes) = (Median(cpu[1]), Median(bytes[1]));
        var (vcCpu, vcBytes) = (Median(cpu[2]), Median(bytes[2]));
        var met = scCpu <= 1.15 * hwCpu && scBytes <= 2 * hwBytes && scCpu <= vcCpu;
        Console.WriteLine(Row(call, "hand-written HttpClient + JsonDocument", hwCpu, hwBytes, hwCpu, hwBytes, vcCpu, vcBytes, string.Empty, string.Empty));
        Console.WriteLine(Row(call, "SoraClient", scCpu, scBytes, hwCpu, hwBytes, vcCpu, vcBytes,
            "≤ 1.15× hand-written CPU, ≤ 2× its bytes, ≤ 1× VideoClient CPU", met ? "yes" : "**no**"));
        Console.WriteLine(Row(call, "OpenAI VideoClient + JsonDocument", vcCpu, vcBytes, hwCpu, hwBytes, vcCpu, vcBytes, string.Empty, string.Empty));
        return met ? 0 : 1;
    }

    private static string Row(string call, string client, double cpu, double bytes, double hwCpu, double hwBytes, double vcCpu, double vcBytes, string target, string met) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {call} | {client} | {cpu:F2} μs | {bytes:N0} B | {cpu / hwCpu:F2}× | {bytes / hwBytes:F2}× | {cpu / vcCpu:F2}× | {bytes / vcBytes:F2}× | {target} | {met} |");

    // CPU time of the whole process (the calls may hop threads) in microseconds per call, and bytes allocated per call.
    private static async Task<(double CpuMicroseconds, double Bytes)> RunAsync(Func<Task> call, int calls)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = CpuTime();
        for (var i = 0; i < calls; i++)
        {
            await call();
        }

        var cpu = CpuTime() - started;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return (cpu.TotalMicroseconds / calls, bytes / (double)calls);
    }

    // The process's CPU time to the nanosecond where the OS tells it (Process.TotalProcessorTime ticks in 10 ms on Linux).
    private static TimeSpan CpuTime()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ProcessCpuTimeClock, out var time) == 0)
        {
            return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
        }

        return Process.GetCurrentProcess().TotalProcessorTime;
    }

    private const int ProcessCpuTimeClock = 2; // CLOCK_PROCESS_CPUTIME_ID

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
