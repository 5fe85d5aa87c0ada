using System.Text.Json;
using SoraClient.Jobs.Tests.PostgreSql;

namespace SoraClient.Cli.Tests;

/// <summary>
/// Three <c>sora batch</c> processes share one batch on a PostgreSQL ledger; one is killed with SIGKILL midway, and a
/// later run takes its rows over once their lease ends. Every row ends downloaded, with exactly one create each.
/// </summary>
[Collection(PostgreSqlClusterGroup.Name)]
public sealed class SharedLedgerTests(PostgreSqlCluster cluster) : IDisposable
{
    private const int Rows = 15;
    private static readonly TimeSpan s_childTimeout = TimeSpan.FromSeconds(90);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sora-shared-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task ThreeProcesses_OneKilled_EveryRowCreatedOnceAndTakenOver()
    {
        Directory.CreateDirectory(_folder);
        using var emulator = ChildProcess.Start(null, "emulator", "--port", "0", "--job-duration", "2s", "--poll-after", "100ms");
        await emulator.WaitForAsync(lines => lines.Any(l => l.Contains("listening on", StringComparison.Ordinal)), s_childTimeout);
        var baseAddress = EmulatorProcess.BaseAddress(emulator.Output);

        var input = Path.Combine(_folder, "prompts.csv");
        await File.WriteAllLinesAsync(input, ["key,prompt", .. Enumerable.Range(1, Rows).Select(i => $"clip-{i:00},\"a red fox in snow, take {i}\"")]);
        var ledger = cluster.ConnectionString;
        string[] batch = ["batch", input, "--out", Path.Combine(_folder, "videos"), "--concurrency", "4", "--max-rps", "5", "--lease", "3s", "--ledger", ledger,
            "--provider", "openai", "--base-url", new Uri(baseAddress, "openai/v1").ToString(), "--api-key", "emulator-key"];
        var environment = new Dictionary<string, string> { ["SORA_POLL_INTERVAL"] = "100ms" };

        using (var victim = ChildProcess.Start(environment, batch))
        using (var second = ChildProcess.Start(environment, batch))
        using (var third = ChildProcess.Start(environment, batch))
        {
            // Kill one worker once it has a job submitted (its rows are then held under its lease).
            await victim.WaitForAsync(lines => lines.Any(l => l.Contains(" submitted openai:", StringComparison.Ordinal)), s_childTimeout);
            victim.Kill();
            // A worker that ends while another holds some rows did its part: exit 0, saying who has the rest. A row it took over
            // from the killed worker may be uncertain (the kill came between that row's intent and its create, which waits
            // for its share of --max-rps); reporting it is the one reason not to exit 0.
            Assert.True(DidItsPart(await second.WaitForExitAsync(s_childTimeout), second.Output), second.Output);
            Assert.True(DidItsPart(await third.WaitForExitAsync(s_childTimeout), third.Output), third.Output);
            Assert.Contains("In the hands of other workers", second.Output + third.Output, StringComparison.Ordinal);
        }

        // A later run (after the dead worker's 3 s lease) takes over what is left, resuming submitted rows.
        await Task.Delay(TimeSpan.FromSeconds(3));
        using var rerun = ChildProcess.Start(environment, batch);
        var exitCode = await rerun.WaitForExitAsync(s_childTimeout);

        // A worker killed between recording its intent and the gateway's answer leaves that row uncertain (at most one per
        // place of its --concurrency), reported and never resubmitted; every other row succeeds.
        var succeeded = int.Parse(System.Text.RegularExpressions.Regex.Match(rerun.Output, @"Succeeded: (\d+) of").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var uncertain = int.Parse(System.Text.RegularExpressions.Regex.Match(rerun.Output, @"Uncertain: (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(uncertain <= 4 && succeeded + uncertain == Rows, rerun.Output);
        Assert.True(exitCode == 0 || uncertain > 0, rerun.Output);
        Assert.Equal(succeeded, Directory.GetFiles(Path.Combine(_folder, "videos"), "*.mp4").Length);
        // The killed worker had a job submitted, yet no row was created twice: that job was waited on, not recreated, by a
        // surviving worker once its lease ended or by the later run, whichever came first.
        Assert.InRange(await EmulatorProcess.CountAsync(baseAddress, "protocol=openai&method=POST&path=/videos"), succeeded, Rows);

        using var jobs = ChildProcess.Start(null, "jobs", "--ledger", ledger, "--json");
        Assert.Equal(0, await jobs.WaitForExitAsync(s_childTimeout));
        using var listing = JsonDocument.Parse(jobs.Output);
        var states = listing.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("state").GetString()).ToList();
        Assert.Equal(Rows, states.Count);
        Assert.Equal(uncertain, states.Count(s => s == "uncertain"));
        Assert.Equal(succeeded, states.Count(s => s == "downloaded"));
        Assert.DoesNotContain("Password", jobs.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static bool DidItsPart(int exitCode, string output) =>
        exitCode == 0 || (exitCode == 1 && System.Text.RegularExpressions.Regex.IsMatch(output, @"Uncertain: [1-9]"));
}
