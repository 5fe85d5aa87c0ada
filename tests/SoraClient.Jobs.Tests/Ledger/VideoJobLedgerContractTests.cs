using SoraClient.Testing;

namespace SoraClient.Jobs.Tests.Ledger;

/// <summary>
/// What every <see cref="IVideoJobLedger"/> must do. Derive one class per store and say how to open it; every
/// <see cref="OpenAsync"/> call opens the same store again, as a restarted process would.
/// </summary>
public abstract class VideoJobLedgerContractTests : IAsyncLifetime
{
    private readonly List<IVideoJobLedger> _opened = [];

    /// <summary>Gets the clock every opened ledger uses.</summary>
    protected ManualTimeProvider Time { get; } = new();

    /// <summary>Opens the store (again).</summary>
    protected abstract Task<IVideoJobLedger> CreateAsync(TimeProvider time);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var ledger in _opened)
        {
            switch (ledger)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    protected async Task<IVideoJobLedger> OpenAsync()
    {
        var ledger = await CreateAsync(Time);
        _opened.Add(ledger);
        return ledger;
    }

    protected static VideoJobRequest Request(string prompt = "a red fox in snow") => new()
    {
        Prompt = prompt,
        DurationSeconds = 4,
        AspectRatio = VideoAspectRatio.Portrait,
        Characters = ["char_1"],
        ReferenceImage = "https://example.invalid/ref.png",
    };

    protected static VideoJob Job(string id, VideoJobStatus status, int? progress = null, VideoJobError? error = null) =>
        new() { Id = id, Provider = "openai", Status = status, Progress = progress, Error = error };

    /// <summary>Brings a new row under <paramref name="key"/> to <paramref name="state"/> through the normal steps.</summary>
    protected static async Task<VideoJobEntry> BringToAsync(IVideoJobLedger ledger, string key, VideoJobEntryState state)
    {
        var entry = await ledger.GetOrAddAsync(key, "openai", Request(), new VideoCostEstimate(0.4m, "USD", new VideoGenerationSettings { Model = "sora-2", DurationSeconds = 4, Size = "720x1280" }));
        if (state == VideoJobEntryState.Pending)
        {
            return entry;
        }

        if (state == VideoJobEntryState.Failed)
        {
            return await ledger.RecordFailedAsync(key, new VideoJobError("invalid_request", "bad size", VideoErrorCategory.InvalidRequest));
        }

        entry = await ledger.RecordIntentAsync(key);
        if (state == VideoJobEntryState.Submitting)
        {
            return entry;
        }

        if (state == VideoJobEntryState.Uncertain)
        {
            return await ledger.RecordUncertainAsync(key, "timed out after sending");
        }

        entry = await ledger.RecordSubmittedAsync(key, Job("video_" + key, VideoJobStatus.Queued));
        if (state == VideoJobEntryState.Submitted)
        {
            return await ledger.RecordJobAsync(key, Job("video_" + key, VideoJobStatus.Running, 40));
        }

        entry = await ledger.RecordJobAsync(key, Job("video_" + key, VideoJobStatus.Succeeded, 100));
        return state == VideoJobEntryState.Succeeded ? entry : await ledger.RecordDownloadedAsync(key, new VideoJobFile("/videos/" + key + ".mp4", 1234, new string('a', 64)));
    }

    public static TheoryData<VideoJobEntryState> AllStates => [.. Enum.GetValues<VideoJobEntryState>()];

    [Fact]
    public async Task GetOrAdd_NewKey_AddsPendingRowWithRequestAndCost()
    {
        var ledger = await OpenAsync();

        var entry = await ledger.GetOrAddAsync("row-1", "openai", Request(), new VideoCostEstimate(0.4m, "USD", new VideoGenerationSettings { Model = "sora-2", DurationSeconds = 4, Size = "720x1280" }));

        Assert.Equal(VideoJobEntryState.Pending, entry.State);
        Assert.Equal("openai", entry.Provider);
        Assert.Equal(0.4m, entry.EstimatedCost);
        Assert.Equal("USD", entry.Currency);
        Assert.Equal("720x1280", entry.Request.EffectiveSize);
        Assert.Equal(4, entry.Request.EffectiveDurationSeconds);
        Assert.Equal(Time.GetUtcNow(), entry.CreatedAt);
        var read = await ledger.GetAsync("row-1");
        Assert.Equal(entry.Request with { Characters = [] }, read!.Request with { Characters = [] });
        Assert.Equal(["char_1"], read.Request.Characters);
    }

    [Fact]
    public async Task GetOrAdd_ExistingKey_ReturnsTheRowUnchanged()
    {
        var ledger = await OpenAsync();
        await BringToAsync(ledger, "row-1", VideoJobEntryState.Submitted);

        var again = await ledger.GetOrAddAsync("row-1", "openai", Request("another prompt"), cost: null);

        Assert.Equal(VideoJobEntryState.Submitted, again.State);
        Assert.Equal("a red fox in snow", again.Request.Prompt);
        Assert.Single(await ledger.ListAsync());
    }

    [Fact]
    public async Task HappyPath_RecordsEveryStepInOrder()
    {
        var ledger = await OpenAsync();

        var entry = await BringToAsync(ledger, "row-1", VideoJobEntryState.Downloaded);

        Assert.Equal(VideoJobEntryState.Downloaded, entry.State);
        Assert.Equal(new VideoJobReference("openai", "video_row-1"), entry.Reference);
        Assert.Equal(VideoJobStatus.Succeeded, entry.JobStatus);
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(new VideoJobFile("/videos/row-1.mp4", 1234, new string('a', 64)), entry.File);
        Assert.True(entry.IsFinished);
        var history = await ledger.GetHistoryAsync("row-1");
        Assert.Equal(
            [VideoJobEntryState.Pending, VideoJobEntryState.Submitting, VideoJobEntryState.Submitted, VideoJobEntryState.Succeeded, VideoJobEntryState.Downloaded],
            history.Select(e => e.State));
        Assert.Equal([null, null, VideoJobStatus.Queued, VideoJobStatus.Succeeded, VideoJobStatus.Succeeded], history.Select(e => e.JobStatus));
        Assert.Contains("openai:video_row-1", history[2].Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public async Task Restart_FromEachState_KeepsTheRow(VideoJobEntryState state)
    {
        var before = await BringToAsync(await OpenAsync(), "row-1", state);

        var reopened = await OpenAsync();
        var after = await reopened.GetAsync("row-1");

        Assert.Equal(before with { Request = after!.Request }, after);
        Assert.Equal(before.Request.Prompt, after.Request.Prompt);
        Assert.Equal(state, after.State);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public async Task RecordIntent_OnlyFromPendingOrUncertain(VideoJobEntryState state)
    {
        var ledger = await OpenAsync();
        await BringToAsync(ledger, "row-1", state);

        if (state is VideoJobEntryState.Pending or VideoJobEntryState.Uncertain)
        {
            var entry = await ledger.RecordIntentAsync("row-1");
            Assert.Equal(VideoJobEntryState.Submitting, entry.State);
            Assert.Null(entry.Error);
        }
        else
        {
            var conflict = await Assert.ThrowsAsync<VideoJobLedgerConflictException>(() => ledger.RecordIntentAsync("row-1"));
            Assert.Equal(state, conflict.State);
            Assert.Equal(state, (await ledger.GetAsync("row-1"))!.State);
        }
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public async Task EveryStep_RefusesStatesItCannotFollow(VideoJobEntryState state)
    {
        var ledger = await OpenAsync();
        await BringToAsync(ledger, "row-1", state);
        var error = new VideoJobError("e", "boom", VideoErrorCategory.Unknown);
        var steps = new (string Name, VideoJobEntryState[] From, Func<Task> Step)[]
        {
            ("submitted", [VideoJobEntryState.Submitting, VideoJobEntryState.Uncertain], () => ledger.RecordSubmittedAsync("row-1", Job("video_x", VideoJobStatus.Queued))),
            ("uncertain", [VideoJobEntryState.Submitting], () => ledger.RecordUncertainAsync("row-1", "lost")),
            ("refused", [VideoJobEntryState.Submitting], () => ledger.RecordRefusedAsync("row-1", error)),
            ("job", [VideoJobEntryState.Submitted], () => ledger.RecordJobAsync("row-1", Job("video_row-1", VideoJobStatus.Running, 50))),
            ("failed", [VideoJobEntryState.Pending, VideoJobEntryState.Submitting, VideoJobEntryState.Submitted, VideoJobEntryState.Succeeded], () => ledger.RecordFailedAsync("row-1", error)),
            ("downloaded", [VideoJobEntryState.Succeeded], () => ledger.RecordDownloadedAsync("row-1", new VideoJobFile("/x.mp4", 1, "00"))),
        };

        foreach (var (name, from, step) in steps.Where(s => !s.From.Contains(state)))
        {
            var conflict = await Assert.ThrowsAsync<VideoJobLedgerConflictException>(step);
            Assert.True(conflict.State == state, $"{name} from {state}");
        }

        Assert.Equal(state, (await ledger.GetAsync("row-1"))!.State);
    }

    [Fact]
    public async Task Uncertain_KeepsTheReasonAndCanBeRetriedOnRequest()
    {
        var ledger = await OpenAsync();
        var uncertain = await BringToAsync(ledger, "row-1", VideoJobEntryState.Uncertain);
        Assert.Equal("uncertain", uncertain.Error!.Code);
        Assert.Equal("timed out after sending", uncertain.Error.Message);

        var retried = await ledger.RecordIntentAsync("row-1");
        var submitted = await ledger.RecordSubmittedAsync("row-1", Job("video_2", VideoJobStatus.Queued));

        Assert.Equal(2, retried.Attempts);
        Assert.Equal(VideoJobEntryState.Submitted, submitted.State);
        Assert.Equal("video_2", submitted.JobId);
    }

    [Fact]
    public async Task Refused_GoesBackToPendingWithTheError()
    {
        var ledger = await OpenAsync();
        await BringToAsync(ledger, "row-1", VideoJobEntryState.Submitting);

        var refused = await ledger.RecordRefusedAsync("row-1", new VideoJobError("429", "slow down", VideoErrorCategory.Transient));

        Assert.Equal(VideoJobEntryState.Pending, refused.State);
        Assert.Equal("slow down", refused.Error!.Message);
        Assert.Equal(VideoJobEntryState.Submitting, (await ledger.RecordIntentAsync("row-1")).State);
    }

    [Theory]
    [InlineData(VideoJobStatus.Failed)]
    [InlineData(VideoJobStatus.Canceled)]
    [InlineData(VideoJobStatus.Expired)]
    public async Task RecordJob_TerminalFailure_FailsTheRowWithTheJobsError(VideoJobStatus status)
    {
        var ledger = await OpenAsync();
        await BringToAsync(ledger, "row-1", VideoJobEntryState.Submitted);

        var failed = await ledger.RecordJobAsync("row-1", Job("video_row-1", status, error: status == VideoJobStatus.Failed ? new VideoJobError("moderation", "blocked", VideoErrorCategory.ContentPolicy) : null));

        Assert.Equal(VideoJobEntryState.Failed, failed.State);
        Assert.Equal(status, failed.JobStatus);
        Assert.NotNull(failed.Error);
        Assert.Equal(status == VideoJobStatus.Failed ? "blocked" : $"The job ended {status}.", (await ledger.GetAsync("row-1"))!.Error!.Message);
    }

    [Fact]
    public async Task RecordSubmitted_AlreadySucceededJob_GoesStraightToSucceeded()
    {
        var ledger = await OpenAsync();
        await BringToAsync(ledger, "row-1", VideoJobEntryState.Submitting);

        var entry = await ledger.RecordSubmittedAsync("row-1", Job("video_1", VideoJobStatus.Succeeded, 100));

        Assert.Equal(VideoJobEntryState.Succeeded, entry.State);
    }

    [Fact]
    public async Task RecordJob_AnotherJobsId_IsAConflict()
    {
        var ledger = await OpenAsync();
        await BringToAsync(ledger, "row-1", VideoJobEntryState.Submitted);

        await Assert.ThrowsAsync<VideoJobLedgerConflictException>(() => ledger.RecordJobAsync("row-1", Job("video_other", VideoJobStatus.Running)));
    }

    [Fact]
    public async Task UnknownKey_IsNullForReadsAndKeyNotFoundForSteps()
    {
        var ledger = await OpenAsync();

        Assert.Null(await ledger.GetAsync("missing"));
        Assert.Empty(await ledger.GetHistoryAsync("missing"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => ledger.RecordIntentAsync("missing"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => ledger.TryClaimAsync("missing", "w", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task RecordIntent_RacingWriters_OnlyOneWins()
    {
        var ledger = await OpenAsync();
        var other = await OpenAsync();
        await BringToAsync(ledger, "row-1", VideoJobEntryState.Pending);

        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await (i % 2 == 0 ? ledger : other).RecordIntentAsync("row-1");
                return true;
            }
            catch (VideoJobLedgerConflictException)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        Assert.Equal(1, (await ledger.GetAsync("row-1"))!.Attempts);
    }

    [Fact]
    public async Task ConcurrentWriters_ManyRowsThroughTheWholeLifecycle_AllConsistent()
    {
        var ledgers = new[] { await OpenAsync(), await OpenAsync() };

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var row = 0; row < 5; row++)
            {
                await BringToAsync(ledgers[row % 2], $"w{worker}-r{row}", VideoJobEntryState.Downloaded);
            }
        })));

        var all = await ledgers[0].ListAsync();
        Assert.Equal(40, all.Count);
        Assert.All(all, e => Assert.Equal(VideoJobEntryState.Downloaded, e.State));
        Assert.All(all, e => Assert.Equal("video_" + e.Key, e.JobId));
        Assert.Equal(5, (await ledgers[1].GetHistoryAsync("w7-r4")).Count);
    }

    [Fact]
    public async Task List_FiltersByState_OldestFirst()
    {
        var ledger = await OpenAsync();
        foreach (var state in Enum.GetValues<VideoJobEntryState>())
        {
            await BringToAsync(ledger, "row-" + state, state);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        var unfinished = await ledger.ListAsync([VideoJobEntryState.Submitted, VideoJobEntryState.Uncertain, VideoJobEntryState.Pending]);

        Assert.Equal(["row-Pending", "row-Submitted", "row-Uncertain"], unfinished.Select(e => e.Key));
        Assert.Equal(7, (await ledger.ListAsync()).Count);
    }

    [Fact]
    public async Task TryClaim_HeldByAnotherWorker_FailsUntilTheLeaseEnds()
    {
        var ledger = await OpenAsync();
        await BringToAsync(ledger, "row-1", VideoJobEntryState.Submitted);

        Assert.True(await ledger.TryClaimAsync("row-1", "worker-a", TimeSpan.FromMinutes(5)));
        Assert.True(await ledger.TryClaimAsync("row-1", "worker-a", TimeSpan.FromMinutes(5))); // renewal
        Assert.False(await ledger.TryClaimAsync("row-1", "worker-b", TimeSpan.FromMinutes(5)));
        Assert.Equal("worker-a", (await ledger.GetAsync("row-1"))!.LeaseOwner);

        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await ledger.TryClaimAsync("row-1", "worker-b", TimeSpan.FromMinutes(5)));
        Assert.Equal("worker-b", (await ledger.GetAsync("row-1"))!.LeaseOwner);
    }

    [Fact]
    public async Task Release_FreesTheRowOnlyForItsOwner()
    {
        var ledger = await OpenAsync();
        await BringToAsync(ledger, "row-1", VideoJobEntryState.Pending);
        await ledger.TryClaimAsync("row-1", "worker-a", TimeSpan.FromMinutes(5));

        await ledger.ReleaseAsync("row-1", "worker-b");
        Assert.False(await ledger.TryClaimAsync("row-1", "worker-b", TimeSpan.FromMinutes(5)));

        await ledger.ReleaseAsync("row-1", "worker-a");
        Assert.True(await ledger.TryClaimAsync("row-1", "worker-b", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Claim_TakesUnfinishedUnheldRowsOfTheProvider_AndTakesOverExpiredLeases()
    {
        var ledger = await OpenAsync();
        foreach (var state in Enum.GetValues<VideoJobEntryState>())
        {
            await BringToAsync(ledger, "row-" + state, state);
        }

        await ledger.GetOrAddAsync("other-provider", "grsai", Request(), cost: null);
        Assert.True(await ledger.TryClaimAsync("row-Submitted", "dead-worker", TimeSpan.FromMinutes(1)));

        var first = await ledger.ClaimAsync("worker-a", 10, TimeSpan.FromMinutes(5), provider: "openai");
        Assert.Equal(["row-Pending", "row-Submitting", "row-Succeeded", "row-Uncertain"], first.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(first, e => Assert.Equal("worker-a", e.LeaseOwner));

        Assert.Empty(await ledger.ClaimAsync("worker-b", 10, TimeSpan.FromMinutes(5), provider: "openai"));

        Time.Advance(TimeSpan.FromMinutes(2));
        var takenOver = await ledger.ClaimAsync("worker-b", 10, TimeSpan.FromMinutes(5), provider: "openai");
        Assert.Equal(["row-Submitted"], takenOver.Select(e => e.Key));

        Assert.Equal(["other-provider"], (await ledger.ClaimAsync("worker-c", 1, TimeSpan.FromMinutes(5))).Select(e => e.Key));
    }
}
