using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Tests.Support.ScriptedJobReads;

namespace SoraClient.Tests.Polling;

/// <summary>
/// Issue 13, items 4, 5 and 12 at the waiter: the deadline bounds a read in flight, a gateway hint never polls faster
/// than <see cref="VideoWaitOptions.MinInterval"/>, and a failure while waiting names the job.
/// </summary>
public class WaitDeadlineAndHintTests
{
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_limit = TimeSpan.FromHours(1);
    private readonly ManualTimeProvider _time = new();
    private readonly DateTimeOffset _start;

    public WaitDeadlineAndHintTests() => _start = _time.GetUtcNow();

    /// <summary>A read that never answers until it is cancelled.</summary>
    internal static async Task<VideoJob> HangAsync(CancellationToken cancellationToken)
    {
        var never = new TaskCompletionSource<VideoJob>();
        await using (cancellationToken.Register(() => never.TrySetCanceled(cancellationToken)).ConfigureAwait(false))
        {
            return await never.Task.ConfigureAwait(false);
        }
    }

    private ScriptedJobReads Script(params Func<VideoJob>[] steps) => new(_time, steps);

    private double[] Offsets(ScriptedJobReads reads) => [.. reads.ReadOffsets(_start).Select(t => t.TotalSeconds)];

    [Fact]
    public async Task WaitForCompletionAsync_ReadStallsPastTheDeadline_EndsAtTheDeadlineWithTheLastJob()
    {
        var reads = 0;
        using var generator = new TestVideoGenerator
        {
            TimeProvider = _time,
            GetJobAsyncCallback = (_, ct) => ++reads == 1 ? Task.FromResult(Jobs.Create(VideoJobStatus.Running, 30)) : HangAsync(ct),
        };

        var ex = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => _time.RunAsync(
            generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0, Timeout = TimeSpan.FromSeconds(10) }), s_step, s_limit));

        Assert.Equal(TimeSpan.FromSeconds(10), _time.GetUtcNow() - _start);
        Assert.Equal(30, ex.LastJob!.Progress);
        Assert.Equal(Jobs.Id, ex.JobId);
    }

    [Fact]
    public async Task WaitForCompletionAsync_FirstReadStalls_EndsAtTheDeadlineNamingTheJob()
    {
        using var generator = new TestVideoGenerator { TimeProvider = _time, GetJobAsyncCallback = (_, ct) => HangAsync(ct) };

        var ex = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => _time.RunAsync(
            generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Timeout = TimeSpan.FromSeconds(2) }), s_step, s_limit));

        Assert.Equal(TimeSpan.FromSeconds(2), _time.GetUtcNow() - _start);
        Assert.Equal(Jobs.Id, ex.LastJob!.Id);
    }

    [Fact]
    public async Task WaitForCompletionAsync_CallerCancelsDuringARead_PropagatesCancellation()
    {
        using var cts = new CancellationTokenSource();
        using var generator = new TestVideoGenerator { TimeProvider = _time, GetJobAsyncCallback = (_, ct) => HangAsync(ct) };

        var task = generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Timeout = TimeSpan.FromSeconds(20) }, cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(ManualClock.Guard));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(300)]
    public async Task WaitForCompletionAsync_HintBelowMinInterval_IsRaisedToMinInterval(int hintMilliseconds)
    {
        var hint = TimeSpan.FromMilliseconds(hintMilliseconds);
        var reads = Script(Job(VideoJobStatus.Running, 10, hint), Job(VideoJobStatus.Running, 10, hint), Job(VideoJobStatus.Running, 10, hint), Job(VideoJobStatus.Succeeded, 100));
        using var generator = new TestVideoGenerator { TimeProvider = _time, GetJobAsyncCallback = reads.ReadAsync };

        var job = await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0, MinInterval = TimeSpan.FromSeconds(2) }), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal([0.0, 2.0, 4.0, 6.0], Offsets(reads));
    }

    [Fact]
    public async Task WaitForCompletionAsync_SubmittedJobWithZeroHint_FirstReadWaitsMinInterval()
    {
        var reads = Script(Job(VideoJobStatus.Succeeded, 100));
        using var generator = new TestVideoGenerator { TimeProvider = _time, GetJobAsyncCallback = reads.ReadAsync };

        await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Create(VideoJobStatus.Queued, 0, TimeSpan.Zero), new VideoWaitOptions { Jitter = 0, MinInterval = TimeSpan.FromSeconds(3) }), s_step, s_limit);

        Assert.Equal([3.0], Offsets(reads));
    }

    [Fact]
    public async Task WaitForCompletionAsync_ZeroRetryAfterOnFailures_WaitsMinIntervalBetweenReads()
    {
        var busy = new VideoRateLimitException("testgw", "busy", 429) { RetryAfter = TimeSpan.Zero, IsTransient = true };
        var reads = Script(Throw(busy), Throw(busy), Job(VideoJobStatus.Succeeded, 100));
        using var generator = new TestVideoGenerator { TimeProvider = _time, GetJobAsyncCallback = reads.ReadAsync };

        await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0, MinInterval = TimeSpan.FromSeconds(2) }), s_step, s_limit);

        Assert.Equal([0.0, 2.0, 4.0], Offsets(reads));
    }

    [Fact]
    public async Task WaitForCompletionAsync_PermanentReadError_NamesTheJob()
    {
        var reads = Script(Throw(new VideoAuthenticationException("testgw", "testgw returned HTTP 401: bad key", 401)));
        using var generator = new TestVideoGenerator { TimeProvider = _time, GetJobAsyncCallback = reads.ReadAsync };

        var ex = await Assert.ThrowsAsync<VideoAuthenticationException>(() => _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id), s_step, s_limit));

        Assert.Equal(Jobs.Id, ex.JobId);
        Assert.Equal("testgw:" + Jobs.Id, ex.JobReference.ToString());
    }

    [Fact]
    public async Task WaitForCompletionAsync_TooManyTransientFailures_NameTheJob()
    {
        var reads = Script(Throw(new VideoProviderException("testgw", "testgw did not answer in time", null, "timeout") { IsTransient = true }));
        using var generator = new TestVideoGenerator { TimeProvider = _time, GetJobAsyncCallback = reads.ReadAsync };

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(
            generator.WaitForCompletionAsync(Jobs.Id, new VideoWaitOptions { MaxConsecutiveFailures = 1 }), s_step, s_limit));

        Assert.Equal(Jobs.Id, ex.JobId);
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobFails_ExceptionNamesTheJob()
    {
        var reads = Script(Job(VideoJobStatus.Failed));
        using var generator = new TestVideoGenerator { TimeProvider = _time, GetJobAsyncCallback = reads.ReadAsync };

        var ex = await Assert.ThrowsAsync<VideoJobFailedException>(() => _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Id), s_step, s_limit));

        Assert.Equal(Jobs.Id, ex.JobId);
    }

    [Fact]
    public async Task DownloadAsync_ContentFailsMidway_NamesTheJob()
    {
        using var generator = new TestVideoGenerator
        {
            TimeProvider = _time,
            GetContentAsyncCallback = (_, _, _) => Task.FromResult(new VideoContent(new ScriptedStream(new byte[100]) { EndAt = 10 }, "video/mp4", 100)),
        };

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => generator.DownloadAsync(Jobs.Succeeded(), new MemoryStream()));

        Assert.Equal(Jobs.Id, ex.JobId);
    }
}
