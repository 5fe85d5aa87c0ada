using SoraClient.Testing;
using SoraClient.Tests.Support;
using Xunit.Abstractions;
using static SoraClient.Tests.Support.ScriptedJobReads;

namespace SoraClient.Tests.Polling;

/// <summary>Waiting through the public extension methods, with a scripted generator and the manual clock.</summary>
public class VideoJobWaiterTests
{
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_limit = TimeSpan.FromHours(1);
    private readonly ManualTimeProvider _time = new();
    private readonly DateTimeOffset _start;
    private readonly ITestOutputHelper _output;

    public VideoJobWaiterTests(ITestOutputHelper output)
    {
        _output = output;
        _start = _time.GetUtcNow();
    }

    private static VideoWaitOptions NoJitter => new() { Jitter = 0 };

    private static VideoJob Submitted(TimeSpan? pollAfter = null) => Jobs.Create(VideoJobStatus.Queued, 0, pollAfter);

    private TestVideoGenerator Generator(ScriptedJobReads reads) => new() { TimeProvider = _time, GetJobAsyncCallback = reads.ReadAsync };

    private ScriptedJobReads Script(params Func<VideoJob>[] steps) => new(_time, steps);

    private double[] Offsets(ScriptedJobReads reads) => [.. reads.ReadOffsets(_start).Select(t => t.TotalSeconds)];

    // ---- the schedule as the waiter applies it ----

    [Fact]
    public async Task WaitForCompletionAsync_SubmittedJob_FirstReadWaitsInitialDelay()
    {
        var reads = Script(Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        var task = generator.WaitForCompletionAsync(Submitted(), new VideoWaitOptions { Jitter = 0, InitialDelay = TimeSpan.FromSeconds(7) });
        _time.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Empty(reads.ReadTimes);

        var job = await _time.RunAsync(task, s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal([7.0], Offsets(reads));
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobId_ReadsAtOnce()
    {
        var reads = Script(Job(VideoJobStatus.Running), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        var task = generator.WaitForCompletionAsync(Jobs.Id, NoJitter);

        Assert.Equal([0.0], Offsets(reads)); // before the clock moved at all
        await _time.RunAsync(task, s_step, s_limit);
        Assert.Equal([0.0, 30.0], Offsets(reads)); // then the first check
    }

    [Fact]
    public async Task WaitForCompletionAsync_ServerHint_WinsOverInitialDelayAndBackoff()
    {
        var reads = Script(
            Job(VideoJobStatus.Running, 10, TimeSpan.FromSeconds(9)),
            Job(VideoJobStatus.Running, 60, TimeSpan.FromMilliseconds(2500)),
            Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        await _time.RunAsync(generator.WaitForCompletionAsync(Submitted(TimeSpan.FromSeconds(1)), new VideoWaitOptions { Jitter = 0.5, MinInterval = TimeSpan.FromSeconds(1) }), s_step, s_limit);

        Assert.Equal([1.0, 10.0, 12.5], Offsets(reads));
    }

    [Fact]
    public async Task WaitForCompletionAsync_NoProgress_WaitsAFifthOfTheTimeWaited()
    {
        var reads = Script(Enumerable.Repeat(Job(VideoJobStatus.Running), 10).Append(Job(VideoJobStatus.Succeeded, 100)).ToArray());
        using var generator = Generator(reads);

        await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, NoJitter), s_step, s_limit);

        var gaps = Offsets(reads).Zip(Offsets(reads).Skip(1), (a, b) => b - a).ToList();
        double[] expected = [30, 6, 7.2, 8.64, 10.368, 12.4416, 14.92992, 17.915904, 21.4990848, 25.79890176];
        Assert.Equal(expected.Length, gaps.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], gaps[i], 0.01); // timers have millisecond resolution, and the gaps add up
        }
    }

    [Fact]
    public async Task WaitForCompletionAsync_ProgressReported_NextReadAtEstimatedCompletion()
    {
        var reads = Script(Job(VideoJobStatus.Running, 10), Job(VideoJobStatus.Running, 20), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, NoJitter), s_step, s_limit);

        Assert.Equal([0.0, 30.0, 174.0], Offsets(reads)); // 10 points in 30 s, 80 left: 240 s, read at 60 % of it
    }

    [Fact]
    public async Task WaitForCompletionAsync_ShortSubmittedJobReportingProgress_ReadAtItsEstimatedCompletion()
    {
        var reads = Script(Job(VideoJobStatus.Running, 50), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        await _time.RunAsync(generator.WaitForCompletionAsync(Submitted(), NoJitter), s_step, s_limit);

        Assert.Equal([5.0, 10.0], Offsets(reads)); // 0 % at the submit, 50 % 5 s later: done at 10 s
    }

    [Fact]
    public async Task WaitForCompletionAsync_Jitter_EveryGapWithinBounds()
    {
        const double Jitter = 0.3;
        var reads = Script(Enumerable.Repeat(Job(VideoJobStatus.Running), 12).Append(Job(VideoJobStatus.Succeeded, 100)).ToArray());
        using var generator = Generator(reads);

        await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = Jitter }), TimeSpan.FromMilliseconds(50), s_limit);

        var offsets = Offsets(reads);
        Assert.Equal(13, offsets.Length);
        for (var i = 1; i < offsets.Length; i++)
        {
            var (at, gap) = (offsets[i - 1], offsets[i] - offsets[i - 1]);
            var nominal = Math.Max(30 - at, 0.2 * at); // the first check, then a fifth of the time waited
            Assert.InRange(gap, nominal * (1 - Jitter) - 0.001, nominal * (1 + Jitter) + 0.001);
            Assert.InRange(gap, 2 - 0.001, 300 + 0.001); // MinInterval..MaxInterval
        }
    }

    [Fact]
    public async Task WaitForCompletionAsync_ManyWaiters_HoldTimersNotThreads()
    {
        const int Count = 1000;
        using var generator = new TestVideoGenerator
        {
            TimeProvider = _time,
            GetJobAsyncCallback = (id, _) => Task.FromResult(_time.GetUtcNow() - _start >= TimeSpan.FromSeconds(60)
                ? Jobs.Succeeded(id)
                : Jobs.Create(VideoJobStatus.Running, id: id)),
        };

        var waits = Enumerable.Range(0, Count).Select(i => generator.WaitForCompletionAsync($"video_{i}", NoJitter)).ToList();

        Assert.Equal(Count, _time.PendingTimers); // each waiter is one timer, no blocked thread
        var jobs = await _time.RunAsync(Task.WhenAll(waits), TimeSpan.FromSeconds(1), s_limit);
        Assert.All(jobs, j => Assert.Equal(VideoJobStatus.Succeeded, j.Status));
        Assert.Equal(0, _time.PendingTimers);
    }

    // ---- terminal states ----

    [Theory]
    [InlineData(VideoJobStatus.Failed)]
    [InlineData(VideoJobStatus.Canceled)]
    [InlineData(VideoJobStatus.Expired)]
    public async Task WaitForCompletionAsync_JobEndsUnsuccessfully_ThrowsCarryingTheJob(VideoJobStatus status)
    {
        var reads = Script(Job(VideoJobStatus.Running, 50), Job(status));
        using var generator = Generator(reads);

        var ex = await Assert.ThrowsAsync<VideoJobFailedException>(() => _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, NoJitter), s_step, s_limit));

        Assert.NotNull(ex.Job);
        Assert.Equal(status, ex.Job.Status);
        Assert.Equal(Jobs.Provider, ex.Provider);
        Assert.Contains($"job {Jobs.Id} ended {status}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, reads.ReadTimes.Count);
    }

    [Fact]
    public async Task WaitForCompletionAsync_FailedJob_MessageCarriesErrorCategoryCodeAndMessage()
    {
        using var generator = Generator(Script(Job(VideoJobStatus.Failed)));

        var ex = await Assert.ThrowsAsync<VideoJobFailedException>(() => generator.WaitForCompletionAsync(Jobs.Id, NoJitter).Guarded());

        Assert.Equal("testgw job video_123 ended Failed (ContentPolicy, moderation_blocked): The prompt was blocked.", ex.Message);
        Assert.Equal(VideoErrorCategory.ContentPolicy, ex.Job!.Error!.Category);
    }

    [Fact]
    public async Task WaitForCompletionAsync_SubmittedJobAlreadyTerminal_NoRead()
    {
        var reads = Script(Job(VideoJobStatus.Running));
        using var generator = Generator(reads);

        var done = await generator.WaitForCompletionAsync(Jobs.Succeeded(), NoJitter).Guarded();
        await Assert.ThrowsAsync<VideoJobFailedException>(() => generator.WaitForCompletionAsync(Jobs.Create(VideoJobStatus.Failed), NoJitter).Guarded());

        Assert.Equal(VideoJobStatus.Succeeded, done.Status);
        Assert.Empty(reads.ReadTimes);
    }

    // ---- deadline ----

    [Fact]
    public async Task WaitForCompletionAsync_DeadlinePasses_ThrowsCarryingLastJobAfterAFinalReadJustBeforeTheDeadline()
    {
        var reads = Script(Job(VideoJobStatus.Queued), Job(VideoJobStatus.Running, 42));
        using var generator = Generator(reads);
        var options = new VideoWaitOptions { Jitter = 0, Timeout = TimeSpan.FromSeconds(60) };

        var ex = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, options), s_step, s_limit));

        Assert.NotNull(ex.LastJob);
        Assert.Equal(VideoJobStatus.Running, ex.LastJob.Status);
        Assert.Equal(42, ex.LastJob.Progress);
        Assert.Equal(TimeSpan.FromSeconds(60), ex.Timeout);
        Assert.Contains("'testgw:video_123'", ex.Message, StringComparison.Ordinal); // how to resume
        Assert.Equal(59.0, Offsets(reads)[^1]); // the last read starts a second before the deadline, so it is answered in time
        Assert.Equal(TimeSpan.FromSeconds(59), _time.GetUtcNow() - _start); // and nothing is left to wait for
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobFinishesJustBeforeTheDeadline_NotMissed()
    {
        using var generator = new TestVideoGenerator
        {
            TimeProvider = _time,
            GetJobAsyncCallback = (id, _) => Task.FromResult(_time.GetUtcNow() - _start >= TimeSpan.FromSeconds(59) ? Jobs.Succeeded() : Jobs.Create(VideoJobStatus.Running)),
        };

        var job = await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0, Timeout = TimeSpan.FromSeconds(60) }), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
    }

    [Fact]
    public async Task WaitForCompletionAsync_DeadlineBeforeFirstReadOfSubmittedJob_ThrowsWithSubmittedJob()
    {
        var reads = Script(Job(VideoJobStatus.Running));
        using var generator = Generator(reads);
        var submitted = Submitted();

        var ex = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => _time.RunAsync(
            generator.WaitForCompletionAsync(submitted, new VideoWaitOptions { Timeout = TimeSpan.FromSeconds(3), InitialDelay = TimeSpan.FromSeconds(5) }), s_step, s_limit));

        Assert.Equal(VideoJobStatus.Running, ex.LastJob!.Status); // the one read, a second before the 3 s deadline
        Assert.Equal([2.0], Offsets(reads));
    }

    // ---- failed reads ----

    [Fact]
    public async Task WaitForCompletionAsync_TransientFailuresWithinBudget_Tolerated()
    {
        var transient = new VideoProviderException("testgw", "testgw returned HTTP 502: bad gateway", 502) { IsTransient = true };
        var reads = Script(Throw(transient), Throw(new HttpRequestException("reset")), Throw(new TimeoutException()), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        var job = await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0, MaxConsecutiveFailures = 3 }), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal([0.0, 2.0, 5.0, 9.5], Offsets(reads)); // failed reads back off too
    }

    [Fact]
    public async Task WaitForCompletionAsync_OneFailureMoreThanBudget_RethrowsThatFailure()
    {
        var last = new VideoProviderException("testgw", "testgw returned HTTP 503: busy", 503) { IsTransient = true };
        var reads = Script(
            Throw(new VideoProviderException("testgw", "1", 503) { IsTransient = true }),
            Throw(new VideoProviderException("testgw", "2", 503) { IsTransient = true }),
            Throw(new VideoProviderException("testgw", "3", 503) { IsTransient = true }),
            Throw(last),
            Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(
            generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0, MaxConsecutiveFailures = 3 }), s_step, s_limit));

        Assert.Same(last, ex);
        Assert.Equal(4, reads.ReadTimes.Count);
    }

    [Fact]
    public async Task WaitForCompletionAsync_SuccessfulRead_ResetsFailureBudget()
    {
        static Func<VideoJob> Fail() => Throw(new HttpRequestException("reset"));
        var reads = Script(Fail(), Fail(), Job(VideoJobStatus.Running), Fail(), Fail(), Job(VideoJobStatus.Running), Fail(), Fail(), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        var job = await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0, MaxConsecutiveFailures = 2 }), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(9, reads.ReadTimes.Count);
    }

    [Fact]
    public async Task WaitForCompletionAsync_NoFailureBudget_FirstTransientFailureRethrown()
    {
        var reads = Script(Throw(new HttpRequestException("reset")), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        await Assert.ThrowsAsync<HttpRequestException>(() => generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { MaxConsecutiveFailures = 0 }).Guarded());
        Assert.Single(reads.ReadTimes);
    }

    public static TheoryData<Exception> PermanentFailures => new()
    {
        new VideoAuthenticationException("testgw", "testgw returned HTTP 401 (invalid_api_key): bad key", 401, "invalid_api_key"),
        new VideoJobNotFoundException("testgw", "testgw returned HTTP 404: no such video", 404),
        new VideoProviderException("testgw", "testgw returned HTTP 400: bad request", 400),
        new InvalidOperationException("a bug"),
    };

    [Theory]
    [MemberData(nameof(PermanentFailures))]
    public async Task WaitForCompletionAsync_PermanentFailure_RethrownAtOnce(Exception failure)
    {
        var reads = Script(Job(VideoJobStatus.Running), Throw(failure), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, NoJitter), s_step, s_limit));

        Assert.Same(failure, ex);
        Assert.Equal(2, reads.ReadTimes.Count);
    }

    [Fact]
    public async Task WaitForCompletionAsync_FailedReadWithRetryAfter_WaitsExactlyThatLong()
    {
        var throttled = new VideoRateLimitException("testgw", "testgw returned HTTP 429: slow down", 429) { RetryAfter = TimeSpan.FromSeconds(17), IsTransient = true };
        var reads = Script(Job(VideoJobStatus.Running), Throw(throttled), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0.5 }), TimeSpan.FromMilliseconds(100), s_limit);

        var offsets = Offsets(reads);
        Assert.Equal(3, offsets.Length);
        Assert.Equal(17.0, offsets[2] - offsets[1], precision: 9); // no jitter, no clamp to MaxInterval
    }

    // ---- cancellation ----

    [Fact]
    public async Task WaitForCompletionAsync_CanceledWhileWaiting_ThrowsOperationCanceledUnwrapped()
    {
        var reads = Script(Job(VideoJobStatus.Running));
        using var generator = Generator(reads);
        using var cts = new CancellationTokenSource();

        var task = generator.WaitForCompletionAsync(Jobs.Id, NoJitter, cancellationToken: cts.Token);
        _time.Advance(TimeSpan.FromSeconds(1));
        await cts.CancelAsync();

        var ex = await task.ThrowsAnyAsync<OperationCanceledException>();
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Single(reads.ReadTimes);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Fact]
    public async Task WaitForCompletionAsync_CanceledDuringRead_PropagatesTheReadsCancellation()
    {
        using var cts = new CancellationTokenSource();
        using var generator = new TestVideoGenerator
        {
            TimeProvider = _time,
            GetJobAsyncCallback = async (_, token) =>
            {
                await cts.CancelAsync();
                token.ThrowIfCancellationRequested();
                return Jobs.Create(VideoJobStatus.Running);
            },
        };

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.WaitForCompletionAsync(Jobs.Id, NoJitter, cancellationToken: cts.Token).Guarded());

        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task WaitForCompletionAsync_AlreadyCanceled_Throws()
    {
        var reads = Script(Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.WaitForCompletionAsync(Jobs.Id, cancellationToken: new CancellationToken(canceled: true)).Guarded());
    }

    // ---- progress and watching ----

    [Fact]
    public async Task WaitForCompletionAsync_Progress_ReceivesEachChangeOnce()
    {
        var reads = Script(
            Job(VideoJobStatus.Queued, 0),
            Job(VideoJobStatus.Queued, 0),
            Job(VideoJobStatus.Running, 10),
            Job(VideoJobStatus.Running, 10),
            Job(VideoJobStatus.Running, 55),
            Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);
        var progress = new RecordingProgress<VideoJob>();

        var job = await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, NoJitter, progress), s_step, s_limit);

        Assert.Equal(6, reads.ReadTimes.Count);
        Assert.Equal(
            [(VideoJobStatus.Queued, 0), (VideoJobStatus.Running, 10), (VideoJobStatus.Running, 55), (VideoJobStatus.Succeeded, 100)],
            progress.Values.Select(j => (j.Status, j.Progress ?? -1)));
        Assert.Same(job, progress.Values[^1]);
    }

    [Fact]
    public async Task WaitForCompletionAsync_ProviderStatusWordChanges_Reported()
    {
        var reads = Script(
            () => Jobs.Create(VideoJobStatus.Queued) with { ProviderStatus = "submitted" },
            () => Jobs.Create(VideoJobStatus.Queued) with { ProviderStatus = "queued" },
            Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);
        var progress = new RecordingProgress<VideoJob>();

        await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, NoJitter, progress), s_step, s_limit);

        Assert.Equal(3, progress.Values.Count);
    }

    [Fact]
    public async Task WatchAsync_YieldsChangesOnlyAndEndsWithTerminalFailure()
    {
        var reads = Script(Job(VideoJobStatus.Queued), Job(VideoJobStatus.Queued), Job(VideoJobStatus.Running, 30), Job(VideoJobStatus.Running, 30), Job(VideoJobStatus.Failed));
        using var generator = Generator(reads);

        var seen = await _time.RunAsync(CollectAsync(generator.WatchAsync(Jobs.Id, NoJitter)), s_step, s_limit);

        Assert.Equal([VideoJobStatus.Queued, VideoJobStatus.Running, VideoJobStatus.Failed], seen.Select(j => j.Status));
        Assert.Equal(5, reads.ReadTimes.Count);
    }

    [Fact]
    public async Task WatchAsync_Succeeds_EndsAfterTerminalState()
    {
        var reads = Script(Job(VideoJobStatus.Running, 50), Job(VideoJobStatus.Succeeded, 100), Job(VideoJobStatus.Running));
        using var generator = Generator(reads);

        var seen = await _time.RunAsync(CollectAsync(generator.WatchAsync(Jobs.Id, NoJitter)), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, seen[^1].Status);
        Assert.Equal(2, reads.ReadTimes.Count);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Fact]
    public async Task WatchAsync_DeadlinePasses_Throws()
    {
        using var generator = Generator(Script(Job(VideoJobStatus.Running)));

        await Assert.ThrowsAsync<VideoWaitTimeoutException>(() =>
            _time.RunAsync(CollectAsync(generator.WatchAsync(Jobs.Id, new VideoWaitOptions { Timeout = TimeSpan.FromMinutes(1) })), s_step, s_limit));
    }

    [Fact]
    public async Task GenerateAsync_SubmitsThenWaits_ReportingSubmittedJobFirst()
    {
        var reads = Script(Job(VideoJobStatus.Running, 40), Job(VideoJobStatus.Succeeded, 100));
        VideoGenerationOptions? passedOptions = null;
        var generator = Generator(reads);
        generator.SubmitAsyncCallback = (request, options, _) =>
        {
            passedOptions = options;
            return Task.FromResult(Submitted());
        };
        var progress = new RecordingProgress<VideoJob>();
        var options = new VideoGenerationOptions { Normalization = VideoNormalization.Nearest };

        var job = await _time.RunAsync(generator.GenerateAsync(new VideoGenerationRequest("a cat"), options, NoJitter, progress), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Same(options, passedOptions);
        Assert.Equal([VideoJobStatus.Queued, VideoJobStatus.Running, VideoJobStatus.Succeeded], progress.Values.Select(j => j.Status));
        Assert.Equal(5.0, Offsets(reads)[0]); // a just-submitted job waits InitialDelay first
        generator.Dispose();
    }

    [Fact]
    public async Task GenerateAsync_SubmitFails_NoRead()
    {
        var reads = Script(Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);
        generator.SubmitAsyncCallback = (_, _, _) => throw new VideoSubmissionUncertainException("testgw", "unknown", null);

        await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.GenerateAsync(new VideoGenerationRequest("a cat")).Guarded());
        Assert.Empty(reads.ReadTimes);
    }

    // ---- clocks and options ----

    [Fact]
    public async Task WaitForCompletionAsync_OptionsClock_WinsOverGenerators()
    {
        var other = new ManualTimeProvider(_start);
        var reads = new ScriptedJobReads(other, Job(VideoJobStatus.Running), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads); // its own clock is _time, which never moves here

        var job = await other.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0, TimeProvider = other }), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(_start, _time.GetUtcNow());
    }

    [Fact]
    public async Task WaitForCompletionAsync_ThroughMiddleware_FindsInnerClock()
    {
        var reads = Script(Job(VideoJobStatus.Running), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads).AsBuilder().Use(inner => new PassThroughGenerator(inner)).Build();

        var job = await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, NoJitter), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal([0.0, 30.0], Offsets(reads));
    }

    public static TheoryData<string, VideoWaitOptions> InvalidOptions => new()
    {
        { "InitialDelay", new VideoWaitOptions { InitialDelay = TimeSpan.FromSeconds(-1) } },
        { "MinInterval", new VideoWaitOptions { MinInterval = TimeSpan.FromSeconds(-1) } },
        { "MaxInterval", new VideoWaitOptions { MinInterval = TimeSpan.FromSeconds(10), MaxInterval = TimeSpan.FromSeconds(5) } },
        { "Timeout", new VideoWaitOptions { Timeout = TimeSpan.Zero } },
        { "MaxConsecutiveFailures", new VideoWaitOptions { MaxConsecutiveFailures = -1 } },
        { "Jitter", new VideoWaitOptions { Jitter = 1.5 } },
        { "Jitter", new VideoWaitOptions { Jitter = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task WaitForCompletionAsync_InvalidOptions_ThrowsNamingTheSetting(string setting, VideoWaitOptions options)
    {
        var reads = Script(Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.WaitForCompletionAsync(Jobs.Id, options).Guarded());

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        Assert.Empty(reads.ReadTimes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void WaitForCompletionAsync_NoJobId_Throws(string? jobId)
    {
        using var generator = Generator(Script(Job(VideoJobStatus.Succeeded)));

        Assert.ThrowsAny<ArgumentException>(() => { _ = generator.WaitForCompletionAsync(jobId!); }); // thrown at the call, not in the task
        Assert.ThrowsAny<ArgumentException>(() => generator.WatchAsync(jobId!));
    }

    // ---- the targets for jobs of every length ----

    [Theory]
    [InlineData(30)]
    [InlineData(60)]
    [InlineData(120)]
    [InlineData(300)]
    [InlineData(600)]
    public async Task WaitForCompletionAsync_EveryLengthFromHalfAMinuteToTenMinutes_MeetsTheReadAndDelayTargets(int bucketSeconds)
    {
        // Issue 15's targets, per length and not on average: with progress at most 12 reads and a median delay of at most
        // 5 s; without, at most 20 reads and never later than a fifth of the length (the median over a bucket, about a
        // tenth, depends on where the reads fall; PollScheduleTests checks it with jitter over many lengths).
        var withProgress = new List<(int Reads, TimeSpan Lag)>();
        var withoutProgress = new List<(int Reads, TimeSpan Lag)>();
        var lengths = new[] { 0.9, 0.95, 1.0, 1.05, 1.1 }.Select(f => TimeSpan.FromSeconds(bucketSeconds * f)).ToList();
        foreach (var length in lengths)
        {
            withProgress.Add(await SimulateAsync(length, reportsProgress: true, jitter: 0));
            withoutProgress.Add(await SimulateAsync(length, reportsProgress: false, jitter: 0));
        }

        _output.WriteLine($"{bucketSeconds} s ± 10 %: with progress {string.Join(", ", withProgress)}; without {string.Join(", ", withoutProgress)}");
        Assert.All(withProgress, r => Assert.InRange(r.Reads, 1, 12));
        Assert.All(withoutProgress, r => Assert.InRange(r.Reads, 1, 20));
        Assert.InRange(Median(withProgress.Select(r => r.Lag.TotalSeconds)), 0, 5);
        Assert.All(withoutProgress.Zip(lengths), r => Assert.InRange(r.First.Lag / r.Second, 0, 0.20));
    }

    [Fact]
    public async Task WaitForCompletionAsync_ProgressReported_JitterKeepsTheReadsFew()
    {
        var reads = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            reads.Add((await SimulateAsync(TimeSpan.FromMinutes(10), reportsProgress: true, jitter: 0.1)).Reads);
        }

        Assert.InRange(reads.Max(), 1, 12);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<(int Reads, TimeSpan Lag)> SimulateAsync(TimeSpan duration, bool reportsProgress, double jitter)
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var reads = 0;
        using var generator = new TestVideoGenerator
        {
            TimeProvider = time,
            GetJobAsyncCallback = (id, _) =>
            {
                reads++;
                var elapsed = time.GetUtcNow() - start;
                return Task.FromResult(elapsed >= duration
                    ? Jobs.Succeeded(id)
                    : Jobs.Create(VideoJobStatus.Running, reportsProgress ? (int)(100 * (elapsed / duration)) : null, id: id));
            },
        };

        await time.RunAsync(generator.WaitForCompletionAsync(Submitted(), new VideoWaitOptions { Jitter = jitter }), TimeSpan.FromSeconds(1), s_limit);
        return (reads, time.GetUtcNow() - start - duration);
    }

    private static async Task<List<VideoJob>> CollectAsync(IAsyncEnumerable<VideoJob> jobs)
    {
        var list = new List<VideoJob>();
        await foreach (var job in jobs)
        {
            list.Add(job);
        }

        return list;
    }

    private sealed class PassThroughGenerator(IVideoGenerator inner) : DelegatingVideoGenerator(inner);
}
