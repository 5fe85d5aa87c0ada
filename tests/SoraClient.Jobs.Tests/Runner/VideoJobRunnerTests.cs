using System.Security.Cryptography;
using SoraClient.Emulator;

namespace SoraClient.Jobs.Tests.Runner;

public sealed class VideoJobRunnerTests : IAsyncLifetime
{
    private RunnerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RunnerHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Run_NewBatch_SubmitsEachRowOnceAndDownloadsEveryVideo()
    {
        using var runner = _harness.Runner(new VideoJobRunnerOptions { MaxConcurrency = 3 });

        var summary = await runner.RunAsync([.. Enumerable.Range(1, 5).Select(i => RunnerHarness.Item($"row-{i}"))]);

        Assert.Equal(5, _harness.Creates);
        Assert.True(summary.AllSucceeded, string.Join("; ", summary.Results.Select(r => $"{r.Key} {r.Outcome}: {r.Message}")));
        Assert.Equal(5, summary.Succeeded);
        Assert.Equal(0, summary.Resumed);
        foreach (var result in summary.Results)
        {
            Assert.True(result.Outcome == VideoJobOutcome.Downloaded, $"{result.Outcome}: {result.Message}");
            var file = result.Entry.File!;
            Assert.Equal(Path.Combine(_harness.Output, result.Key + ".mp4"), file.Path);
            var bytes = await File.ReadAllBytesAsync(file.Path);
            Assert.Equal(bytes.Length, file.Length);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), file.Sha256);
            Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));
        }

        Assert.Empty(Directory.GetFiles(_harness.Output, "*.part"));
        Assert.Equal("USD", Assert.Single(summary.Cost).Key);
        Assert.True(summary.Cost["USD"] > 0);
    }

    [Fact]
    public async Task Run_Again_SubmitsNothingAndReportsTheRowsAsFinished()
    {
        using var runner = _harness.Runner();
        var items = Enumerable.Range(1, 3).Select(i => RunnerHarness.Item($"row-{i}")).ToList();
        await runner.RunAsync(items);

        var again = await runner.RunAsync(items);

        Assert.Equal(3, _harness.Creates);
        Assert.All(again.Results, r => Assert.True(r.AlreadyFinished));
        Assert.All(again.Results, r => Assert.Equal(VideoJobOutcome.Downloaded, r.Outcome));
    }

    [Fact]
    public async Task Run_RowSubmittedByAnEarlierRun_IsResumedNotResubmitted()
    {
        var job = await _harness.Generator.SubmitAsync(new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 });
        await _harness.Ledger.GetOrAddAsync("row-1", "openai", VideoJobRequest.From(new VideoGenerationRequest("a red fox in snow")), cost: null);
        await _harness.Ledger.RecordIntentAsync("row-1");
        await _harness.Ledger.RecordSubmittedAsync("row-1", job);
        using var runner = _harness.Runner();

        var summary = await runner.RunAsync([RunnerHarness.Item("row-1")]);

        var result = Assert.Single(summary.Results);
        Assert.Equal(VideoJobOutcome.Downloaded, result.Outcome);
        Assert.True(result.Resumed);
        Assert.Equal(1, summary.Resumed);
        Assert.Equal(job.Id, result.Entry.JobId);
        Assert.Equal(1, _harness.Creates);
    }

    [Fact]
    public async Task Resume_TakesUnfinishedRowsWithoutTheItems()
    {
        var job = await _harness.Generator.SubmitAsync(new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 });
        await _harness.Ledger.GetOrAddAsync("row-1", "openai", VideoJobRequest.From(new VideoGenerationRequest("a red fox in snow")), cost: null);
        await _harness.Ledger.RecordIntentAsync("row-1");
        await _harness.Ledger.RecordSubmittedAsync("row-1", job);
        await _harness.Ledger.GetOrAddAsync("row-2", "openai", VideoJobRequest.From(new VideoGenerationRequest("a blue fox")), cost: null);
        using var runner = _harness.Runner();

        var summary = await runner.ResumeAsync();

        Assert.Equal(["row-1", "row-2"], summary.Results.Select(r => r.Key));
        Assert.All(summary.Results, r => Assert.Equal(VideoJobOutcome.Downloaded, r.Outcome));
        Assert.Equal([true, false], summary.Results.Select(r => r.Resumed));
        Assert.Equal(2, _harness.Creates);
        Assert.Null((await _harness.Ledger.GetAsync("row-1"))!.LeaseOwner);
    }

    [Fact]
    public async Task Run_RowWithAnIntentButNoAnswer_IsReportedUncertainAndNothingIsSent()
    {
        await _harness.Ledger.GetOrAddAsync("row-1", "openai", VideoJobRequest.From(new VideoGenerationRequest("a red fox in snow")), cost: null);
        await _harness.Ledger.RecordIntentAsync("row-1");
        using var runner = _harness.Runner();

        var summary = await runner.RunAsync([RunnerHarness.Item("row-1")]);

        var result = Assert.Single(summary.Results);
        Assert.Equal(VideoJobOutcome.Uncertain, result.Outcome);
        Assert.Contains("process ended", result.Message, StringComparison.Ordinal);
        Assert.Equal(VideoJobEntryState.Uncertain, (await _harness.Ledger.GetAsync("row-1"))!.State);
        Assert.Equal(0, _harness.Creates);
        Assert.Equal(1, summary.Uncertain);
    }

    [Fact]
    public async Task Run_UncertainRowWithRetryUncertain_IsSubmittedOnceMore()
    {
        await _harness.Ledger.GetOrAddAsync("row-1", "openai", VideoJobRequest.From(new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 }), cost: null);
        await _harness.Ledger.RecordIntentAsync("row-1");
        using var runner = _harness.Runner(new VideoJobRunnerOptions { RetryUncertain = true });

        var summary = await runner.RunAsync([RunnerHarness.Item("row-1")]);

        var result = Assert.Single(summary.Results);
        Assert.Equal(VideoJobOutcome.Downloaded, result.Outcome);
        Assert.Equal(2, result.Entry.Attempts);
        Assert.Equal(1, _harness.Creates);
    }

    [Fact]
    public async Task Run_CreateConnectionDropped_IsUncertainAndARerunDoesNotResubmit()
    {
        _harness.Emulator.Faults.Add(EmulatorFault.DropConnection().For(EmulatorProtocols.OpenAI, "POST", "/videos"));
        using var runner = _harness.Runner();

        var first = await runner.RunAsync([RunnerHarness.Item("row-1")]);
        var second = await runner.RunAsync([RunnerHarness.Item("row-1")]);

        Assert.Equal(VideoJobOutcome.Uncertain, Assert.Single(first.Results).Outcome);
        Assert.Equal(VideoJobOutcome.Uncertain, Assert.Single(second.Results).Outcome);
        Assert.Equal(1, _harness.Creates);
        Assert.Equal(1, (await _harness.Ledger.GetAsync("row-1"))!.Attempts);
    }

    [Fact]
    public async Task Run_SubmitErrorNamingAJob_RecordsTheJobAndWaitsOnItWithoutResubmitting()
    {
        // A generator whose submit fails after the gateway accepted the create; the error names the job (JobId).
        using var failing = new FailingAfterCreateGenerator(_harness.Generator);
        using var runner = new VideoJobRunner(_harness.Ledger, failing, new VideoJobRunnerOptions { OutputDirectory = _harness.Output, WaitOptions = _harness.FastWait });

        var summary = await runner.RunAsync([RunnerHarness.Item("row-1")]);

        var result = Assert.Single(summary.Results);
        Assert.Equal(VideoJobOutcome.Downloaded, result.Outcome);
        Assert.Equal(failing.AcceptedJobId, result.Entry.JobId);
        Assert.Equal(1, _harness.Creates);
    }

    [Fact]
    public async Task Run_CreateRefusedForCredits_LeavesTheRowPendingAndTheNextRunSubmitsIt()
    {
        _harness.Emulator.Faults.Add(EmulatorFault.InsufficientBalance().For(EmulatorProtocols.OpenAI, "POST", "/videos"));
        using var runner = _harness.Runner();

        var refused = await runner.RunAsync([RunnerHarness.Item("row-1")]);
        Assert.Equal(VideoJobOutcome.Refused, Assert.Single(refused.Results).Outcome);
        Assert.Equal(VideoJobEntryState.Pending, (await _harness.Ledger.GetAsync("row-1"))!.State);
        Assert.Equal(1, refused.Remaining);

        var retried = await runner.RunAsync([RunnerHarness.Item("row-1")]);

        Assert.Equal(VideoJobOutcome.Downloaded, Assert.Single(retried.Results).Outcome);
        Assert.Equal(2, _harness.Creates);
    }

    [Fact]
    public async Task Run_JobFailsModeration_RowFailsWithTheReasonAndIsNotRetried()
    {
        using var runner = _harness.Runner();

        var summary = await runner.RunAsync([RunnerHarness.Item("row-1", EmulatorPromptMarkers.Moderation + " something")]);
        var again = await runner.RunAsync([RunnerHarness.Item("row-1", EmulatorPromptMarkers.Moderation + " something")]);

        var result = Assert.Single(summary.Results);
        Assert.Equal(VideoJobOutcome.Failed, result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Empty(summary.Cost);
        Assert.True(Assert.Single(again.Results).AlreadyFinished);
        Assert.Equal(1, _harness.Creates);
    }

    [Fact]
    public async Task Run_InvalidRequest_FailsBeforeAnyRequest()
    {
        using var runner = _harness.Runner();

        await Assert.ThrowsAsync<VideoRequestValidationException>(() => runner.RunAsync([RunnerHarness.Item("ok"), new("bad", new VideoGenerationRequest("x") { DurationSeconds = 7 })]));

        Assert.Equal(0, _harness.Creates);
        Assert.Empty(await _harness.Ledger.ListAsync());
    }

    [Fact]
    public async Task Run_DuplicateKeys_IsRefusedBeforeAnyRequest()
    {
        using var runner = _harness.Runner();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync([RunnerHarness.Item("a"), RunnerHarness.Item("a")]));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _harness.Creates);
    }

    [Fact]
    public async Task Run_KeysThatLookLikePaths_WriteDistinctFilesInsideTheOutputFolder()
    {
        string[] keys = ["../../escape", "a/b", "a_b", "A", "a", "CON", "..", "x\\y", "/etc/passwd", "prompt: a fox?*"];
        using var runner = _harness.Runner(new VideoJobRunnerOptions { MaxConcurrency = 4 });

        var summary = await runner.RunAsync([.. keys.Select(k => RunnerHarness.Item(k))]);

        Assert.All(summary.Results, r => Assert.Equal(VideoJobOutcome.Downloaded, r.Outcome));
        var paths = summary.Results.Select(r => r.Entry.File!.Path).ToList();
        Assert.Equal(keys.Length, paths.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(paths, p => Assert.Equal(_harness.Output, Path.GetDirectoryName(p)));
        Assert.Equal(keys.Length, Directory.GetFiles(_harness.Output).Length);
        Assert.Equal([_harness.Folder.File("jobs.db"), _harness.Output], Directory.GetFileSystemEntries(_harness.Folder.Path).Where(e => !e.EndsWith("-wal", StringComparison.Ordinal) && !e.EndsWith("-shm", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_RowOfAnotherProvider_IsSkipped()
    {
        await _harness.Ledger.GetOrAddAsync("row-1", "grsai", VideoJobRequest.From(new VideoGenerationRequest("a fox")), cost: null);
        using var runner = _harness.Runner();

        var summary = await runner.RunAsync([RunnerHarness.Item("row-1")]);

        Assert.Equal(VideoJobOutcome.Skipped, Assert.Single(summary.Results).Outcome);
        Assert.Equal(0, _harness.Creates);
    }

    [Fact]
    public async Task Run_RowHeldByAnotherWorker_IsLeftToIt()
    {
        await _harness.Ledger.GetOrAddAsync("row-1", "openai", VideoJobRequest.From(new VideoGenerationRequest("a fox")), cost: null);
        await _harness.Ledger.TryClaimAsync("row-1", "other-worker", TimeSpan.FromHours(1));
        using var runner = _harness.Runner();

        var summary = await runner.RunAsync([RunnerHarness.Item("row-1")]);

        Assert.Equal(VideoJobOutcome.OtherWorker, Assert.Single(summary.Results).Outcome);
        Assert.Equal((1, 0, true, false), (summary.OtherWorkers, summary.Remaining, summary.NothingLeft, summary.AllSucceeded));
        Assert.Equal(0, _harness.Creates);
    }

    [Fact]
    public async Task Run_ReportsEveryChangeToProgress()
    {
        var seen = new List<VideoJobEntryState>();
        var progress = new SynchronousProgress<VideoJobEntry>(e =>
        {
            lock (seen)
            {
                seen.Add(e.State);
            }
        });
        using var runner = _harness.Runner();

        await runner.RunAsync([RunnerHarness.Item("row-1")], progress);

        Assert.Equal(VideoJobEntryState.Submitting, seen[0]);
        Assert.Contains(VideoJobEntryState.Submitted, seen);
        Assert.Equal(VideoJobEntryState.Downloaded, seen[^1]);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class FailingAfterCreateGenerator(IVideoGenerator inner) : DelegatingVideoGenerator(inner)
    {
        public string? AcceptedJobId { get; private set; }

        public override async Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var job = await base.SubmitAsync(request, options, cancellationToken);
            AcceptedJobId = job.Id;
            throw new VideoWaitTimeoutException(job, TimeSpan.FromSeconds(1));
        }
    }
}
