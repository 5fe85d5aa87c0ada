using System.Globalization;
using System.Text.RegularExpressions;

namespace SoraClient.Cli.Tests;

/// <summary>
/// The batch survives a SIGKILL: the emulator runs in its own process (so it outlives the tool), the tool is killed
/// once every row has been submitted and some are still running, and a rerun with the same ledger finishes the batch
/// without a single extra create request.
/// </summary>
public sealed partial class CrashTests : IDisposable
{
    private static readonly TimeSpan s_childTimeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sora-crash-tests", Guid.NewGuid().ToString("N"));

    public CrashTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Batch_KilledMidway_RerunFinishesWithExactlyOneCreatePerRow()
    {
        using var emulator = ChildProcess.Start(null, "emulator", "--port", "0", "--job-duration", "3s", "--poll-after", "100ms");
        await emulator.WaitForAsync(lines => lines.Any(l => l.Contains("listening on", StringComparison.Ordinal)), s_childTimeout);
        var baseAddress = EmulatorProcess.BaseAddress(emulator.Output);

        var input = Path.Combine(_folder, "prompts.csv");
        await File.WriteAllLinesAsync(input, ["key,prompt", .. Enumerable.Range(1, 20).Select(i => $"clip-{i:00},\"a red fox in snow, take {i}\"")]);
        var output = Path.Combine(_folder, "videos");
        string[] batch = ["batch", input, "--out", output, "--concurrency", "20", "--max-rps", "20",
            "--provider", "openai", "--base-url", new Uri(baseAddress, "openai/v1").ToString(), "--api-key", "emulator-key"];
        var environment = new Dictionary<string, string> { ["SORA_POLL_INTERVAL"] = "100ms" };

        int filesAtKill;
        using (var first = ChildProcess.Start(environment, batch))
        {
            // Every create has been answered and recorded (the line is printed after the ledger commit), some jobs still run.
            await first.WaitForAsync(lines => lines.Where(l => l.Contains(" submitted openai:", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).Distinct(StringComparer.Ordinal).Count() == 20, s_childTimeout);
            first.Kill();
            filesAtKill = Directory.Exists(output) ? Directory.GetFiles(output, "*.mp4").Length : 0;
        }

        Assert.True(filesAtKill < 20, $"the kill came too late: {filesAtKill} videos were already on disk");

        using var rerun = ChildProcess.Start(environment, batch);
        var exitCode = await rerun.WaitForExitAsync(s_childTimeout);

        Assert.True(exitCode == 0, rerun.Output);
        Assert.Equal(20, Directory.GetFiles(output, "*.mp4").Length);
        Assert.Empty(Directory.GetFiles(output, "*.part"));
        Assert.Equal(20, await EmulatorProcess.CountAsync(baseAddress, "protocol=openai&method=POST&path=/videos"));
        Assert.Contains("Resuming from ledger", rerun.Output, StringComparison.Ordinal);
        // Every row was submitted before the kill: the rerun either finds it done or resumes its wait; it submits none.
        var resumed = EmulatorProcess.Resumed(rerun.Output);
        var earlier = EarlierRuns().Match(rerun.Output) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        Assert.Equal(20, resumed + earlier);
        Assert.True(resumed >= 20 - filesAtKill, $"resumed {resumed}, {filesAtKill} files at the kill");
        Assert.Contains("Succeeded: 20 of 20", rerun.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" submitting ", rerun.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\((\d+) from earlier runs\)")]
    private static partial Regex EarlierRuns();
}
