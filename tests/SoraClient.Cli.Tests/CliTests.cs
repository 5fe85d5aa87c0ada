using System.Text.Json;
using SoraClient.Emulator;

namespace SoraClient.Cli.Tests;

/// <summary>The tool in process against an in-process emulator with short jobs (polled every 50 ms, see SORA_POLL_INTERVAL).</summary>
[Collection(CliTestGroup.Name)]
public sealed class CliTests : IAsyncLifetime
{
    private const string SecretKey = "sk-DISTINCTIVE-secret-7f3a9c";
    private SoraEmulator _emulator = null!;
    private string _folder = null!;

    private string BaseUrl => _emulator.OpenAIEndpoint.ToString();

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("SORA_POLL_INTERVAL", "50ms");
        _emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { ApiKey = null, JobDuration = TimeSpan.FromMilliseconds(400), PollAfter = TimeSpan.FromMilliseconds(50) });
        _folder = Path.Combine(Path.GetTempPath(), "sora-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<CliRun> OnEmulatorAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--provider", "openai", "--base-url", BaseUrl, "--api-key", SecretKey]);

    [Fact]
    public async Task UnknownOption_IsAUsageError()
    {
        var run = await CliRun.RunAsync("generate", "a fox", "--no-such-option");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--no-such-option", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownProvider_ListsTheAllowedOnes()
    {
        var run = await CliRun.RunAsync("estimate", "a fox", "--provider", "sora-cloud");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("openai, apiyi, azure, grsai, acedata, aivideoapi, emulator", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_UnsupportedDuration_ExitsTwoAndPrintsTheAllowedValues()
    {
        var run = await CliRun.RunAsync("estimate", "a fox", "--provider", "openai", "--seconds", "7");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("4, 8, 12", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_BadAspect_ExitsTwoAndPrintsTheAllowedValues()
    {
        var run = await CliRun.RunAsync("estimate", "a fox", "--aspect", "cinema");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("landscape (16:9), portrait (9:16), square (1:1)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_Json_HasTheCostShape()
    {
        var run = await CliRun.RunAsync("estimate", "a fox", "--provider", "grsai", "--seconds", "4", "--nearest", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal("grsai", root.GetProperty("provider").GetString());
        Assert.Equal(10, root.GetProperty("seconds").GetInt32());
        Assert.True(root.GetProperty("amount").GetDecimal() > 0);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("currency").GetString()));
        Assert.Single(root.GetProperty("adjustments").EnumerateArray());
    }

    [Fact]
    public async Task Providers_Json_ListsEveryProvidersModelsWithPrices()
    {
        var run = await CliRun.RunAsync("providers", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["acedata", "aivideoapi", "apiyi", "azure", "grsai", "openai"], rows.Select(r => r.GetProperty("provider").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.NotEmpty(r.GetProperty("durations").EnumerateArray()));
        Assert.All(rows, r => Assert.NotEqual("unknown", r.GetProperty("price").GetString()));
    }

    [Fact]
    public async Task Providers_Table_NamesEachProvider()
    {
        var run = await CliRun.RunAsync("providers");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("sora-2-pro", run.Out, StringComparison.Ordinal);
        Assert.Contains("aivideoapi", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoApiKey_IsAUsageErrorNamingTheVariables()
    {
        foreach (var name in new[] { "SORA_API_KEY", "ACEDATA_API_KEY", "SORA_PROVIDER" })
        {
            Environment.SetEnvironmentVariable(name, null); // this test process only; the CLI reads them when it runs
        }

        var run = await CliRun.RunAsync("status", "acedata:task_1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SORA_API_KEY", run.Error, StringComparison.Ordinal);
        Assert.Contains("ACEDATA_API_KEY", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WritesTheVideoAndJson()
    {
        var output = Path.Combine(_folder, "fox.mp4");

        var run = await OnEmulatorAsync("generate", "a red fox in snow", "--out", output, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.StartsWith("openai:video_", root.GetProperty("reference").GetString(), StringComparison.Ordinal);
        Assert.Equal(output, root.GetProperty("file").GetString());
        Assert.Equal(new FileInfo(output).Length, root.GetProperty("bytes").GetInt64());
        Assert.Equal(0.4m, root.GetProperty("cost").GetProperty("amount").GetDecimal());
        Assert.Contains("Submitted openai:video_", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitThenStatusThenWaitThenDownload_WorkFromAReference()
    {
        var submit = await OnEmulatorAsync("submit", "a red fox in snow");
        var reference = submit.Out.Trim();
        Assert.StartsWith("openai:video_", reference, StringComparison.Ordinal);

        var status = await CliRun.RunAsync("status", reference, "--base-url", BaseUrl, "--api-key", SecretKey, "--json");
        Assert.Equal(0, status.ExitCode);
        using (var json = JsonDocument.Parse(status.Out))
        {
            Assert.Equal(reference, json.RootElement.GetProperty("reference").GetString());
            Assert.Contains(json.RootElement.GetProperty("status").GetString(), new[] { "queued", "running", "succeeded" });
        }

        var wait = await CliRun.RunAsync("wait", reference, "--base-url", BaseUrl, "--api-key", SecretKey);
        Assert.True(wait.ExitCode == 0, wait.ToString());
        Assert.Contains("succeeded", wait.Out, StringComparison.Ordinal);

        var thumbnail = Path.Combine(_folder, "thumb.webp");
        var download = await CliRun.RunAsync("download", reference, "--variant", "thumbnail", "--out", thumbnail, "--base-url", BaseUrl, "--api-key", SecretKey);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.True(new FileInfo(thumbnail).Length > 0);
    }

    [Fact]
    public async Task Generate_JobFails_ExitsOneWithTheReason()
    {
        var run = await OnEmulatorAsync("generate", EmulatorPromptMarkers.Moderation + " a forbidden thing", "--out", Path.Combine(_folder, "x.mp4"), "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out.Trim().Split('\n')[^1]);
        Assert.Equal("job_failed", json.RootElement.GetProperty("error").GetString());
        Assert.Equal("failed", json.RootElement.GetProperty("job").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Wait_TimesOut_ExitsFourAndPrintsTheResumeCommand()
    {
        var slow = await SoraEmulator.StartAsync(new SoraEmulatorOptions { ApiKey = null, JobDuration = TimeSpan.FromMinutes(10) });
        await using (slow)
        {
            var submit = await CliRun.RunAsync("submit", "a slow fox", "--provider", "openai", "--base-url", slow.OpenAIEndpoint.ToString(), "--api-key", SecretKey);
            var reference = submit.Out.Trim();

            var run = await CliRun.RunAsync("wait", reference, "--base-url", slow.OpenAIEndpoint.ToString(), "--api-key", SecretKey, "--timeout", "300ms", "--out", "later.mp4");

            Assert.Equal(4, run.ExitCode);
            Assert.Contains($"sora wait {reference} --base-url {slow.OpenAIEndpoint} --out \"later.mp4\"", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretKey, run.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Status_UnknownJob_IsAProviderError()
    {
        var run = await OnEmulatorAsync("status", "openai:video_does_not_exist");

        Assert.Equal(3, run.ExitCode);
    }

    [Fact]
    public async Task WrongKey_IsAProviderErrorAndTheKeyIsNeverPrinted()
    {
        var strict = await SoraEmulator.StartAsync(new SoraEmulatorOptions { ApiKey = "the-right-key" });
        await using (strict)
        {
            var run = await CliRun.RunAsync("generate", "a fox", "--provider", "openai", "--base-url", strict.OpenAIEndpoint.ToString(), "--api-key", SecretKey, "--json");

            Assert.Equal(3, run.ExitCode);
            Assert.DoesNotContain(SecretKey, run.All, StringComparison.Ordinal);
            Assert.DoesNotContain("DISTINCTIVE", run.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DistinctiveKey_NeverAppearsInAnyOutput()
    {
        var csv = Path.Combine(_folder, "prompts.csv");
        await File.WriteAllTextAsync(csv, "key,prompt\nfox,a red fox\nbad,\"" + EmulatorPromptMarkers.Fail + " a broken one\"\n");
        var runs = new[]
        {
            await OnEmulatorAsync("generate", "a red fox", "--out", Path.Combine(_folder, "a.mp4")),
            await OnEmulatorAsync("generate", "a red fox", "--out", Path.Combine(_folder, "b.mp4"), "--json"),
            await OnEmulatorAsync("status", "openai:video_nope", "--json"),
            await OnEmulatorAsync("batch", csv, "--out", Path.Combine(_folder, "batch")),
            await OnEmulatorAsync("batch", csv, "--out", Path.Combine(_folder, "batch"), "--json"),
            await OnEmulatorAsync("estimate", "a fox", "--seconds", "5"),
            await OnEmulatorAsync("generate", "a fox", "--seconds", "5", "--out", Path.Combine(_folder, "c.mp4")),
            await OnEmulatorAsync("wait", "openai:video_nope", "--timeout", "1s"),
            await OnEmulatorAsync("generate", "a fox", "--bogus"),
        };

        Assert.Contains(runs, r => r.ExitCode == 0);
        Assert.Contains(runs, r => r.ExitCode is 1 or 2 or 3);
        Assert.All(runs, r => Assert.DoesNotContain(SecretKey, r.All, StringComparison.Ordinal));
        Assert.All(runs, r => Assert.DoesNotContain("DISTINCTIVE", r.All, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batch_Jsonl_JsonLinesAndSummary_AndARerunSubmitsNothing()
    {
        var input = Path.Combine(_folder, "prompts.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"key":"fox","prompt":"a red fox in snow","seconds":4}""",
            """{"prompt":"a blue whale","aspect":"portrait"}""",
            """{"key":"bad","prompt":"[emulator:fail] a broken one"}""",
        ]);
        var output = Path.Combine(_folder, "videos");

        var first = await OnEmulatorAsync("batch", input, "--out", output, "--json", "--concurrency", "2");
        var creates = _emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos");
        var second = await OnEmulatorAsync("batch", input, "--out", output, "--json");

        Assert.Equal(1, first.ExitCode);
        var lines = first.Out.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "row" && l.GetProperty("key").GetString() == "fox" && l.GetProperty("state").GetString() == "downloaded");
        var summary = lines[^1];
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Equal(3, summary.GetProperty("rows").GetInt32());
        Assert.Equal(2, summary.GetProperty("succeeded").GetInt32());
        Assert.Equal("bad", summary.GetProperty("failed")[0].GetProperty("key").GetString());
        Assert.False(string.IsNullOrEmpty(summary.GetProperty("failed")[0].GetProperty("reason").GetString()));
        Assert.True(summary.GetProperty("cost").GetProperty("USD").GetDecimal() > 0);
        Assert.Equal(input + ".jobs.db", summary.GetProperty("ledger").GetString());
        Assert.True(File.Exists(Path.Combine(output, "fox.mp4")));
        Assert.True(File.Exists(Path.Combine(output, "row-0002.mp4")));

        Assert.Equal(1, second.ExitCode);
        Assert.Equal(creates, _emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos"));
        var again = JsonDocument.Parse(second.Out.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(2, again.GetProperty("alreadyDone").GetInt32());
    }

    [Fact]
    public async Task Batch_CsvWithoutPromptColumn_IsAUsageError()
    {
        var input = Path.Combine(_folder, "bad.csv");
        await File.WriteAllTextAsync(input, "text\nhello\n");

        var run = await OnEmulatorAsync("batch", input, "--out", Path.Combine(_folder, "v"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'prompt' column", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_MissingOut_IsAUsageError()
    {
        var run = await CliRun.RunAsync("batch", "prompts.csv");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out", run.Error, StringComparison.Ordinal);
    }
}
