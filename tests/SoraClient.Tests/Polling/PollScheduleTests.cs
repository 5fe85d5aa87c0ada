using SoraClient.Polling;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Polling;

public class PollScheduleTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static VideoWaitOptions NoJitter => new() { Jitter = 0 };

    private static VideoJob Running(int? progress = null, TimeSpan? pollAfter = null) => Jobs.Create(VideoJobStatus.Running, progress, pollAfter);

    [Theory]
    [InlineData(0, 30)] // the first check comes 30 s after the start
    [InlineData(5, 25)]
    [InlineData(30, 6)] // then a fifth of the time waited
    [InlineData(100, 20)]
    [InlineData(600, 120)]
    [InlineData(1800, 300)] // never past MaxInterval (5 minutes)
    public void Next_NoProgress_WaitsAFifthOfTheTimeWaited(int waitedSeconds, double expectedSeconds) =>
        Assert.Equal(expectedSeconds, new PollSchedule(NoJitter, s_start).Next(Running(), s_start.AddSeconds(waitedSeconds)).TotalSeconds, precision: 6);

    [Fact]
    public void Next_NoProgress_ReadsGrowWithTheLogarithmOfTheLength()
    {
        // Reads at 5 s, 30 s, then 20 % apart: a 10-minute job costs 20 reads where a fixed 30 s cap cost 26, and no
        // completion is noticed later than a fifth of the job's length.
        foreach (var seconds in new[] { 30, 45, 60, 90, 120, 300, 600 })
        {
            var schedule = new PollSchedule(NoJitter, s_start);
            var at = TimeSpan.FromSeconds(5);
            var reads = 1;
            while (at < TimeSpan.FromSeconds(seconds))
            {
                at += schedule.Next(Running(), s_start + at);
                reads++;
            }

            Assert.InRange(reads, 1, 20);
            Assert.InRange((at - TimeSpan.FromSeconds(seconds)).TotalSeconds, 0, 0.2 * seconds);
        }
    }

    [Theory]
    [InlineData(30)]
    [InlineData(60)]
    [InlineData(120)]
    [InlineData(300)]
    [InlineData(600)]
    public void Next_NoProgress_OverABucketOfLengths_MedianDelayIsAtMostATenth(int bucketSeconds)
    {
        // 1,000 jobs spread over ±10 % of the length, with the default jitter (seeded): where the reads fall differs per job.
        var random = new Random(bucketSeconds);
        var late = new List<double>();
        var reads = new List<int>();
        for (var i = 0; i < 1000; i++)
        {
            var length = TimeSpan.FromSeconds(bucketSeconds * (0.9 + (0.2 * random.NextDouble())));
            var schedule = new PollSchedule(new VideoWaitOptions(), s_start, random.NextDouble);
            var at = TimeSpan.FromSeconds(5);
            var count = 1;
            while (at < length)
            {
                at += schedule.Next(Running(), s_start + at);
                count++;
            }

            late.Add((at - length) / length);
            reads.Add(count);
        }

        Assert.InRange(late.Order().ElementAt(late.Count / 2), 0, 0.10);
        Assert.InRange(reads.Order().ElementAt(reads.Count / 2), 1, 20);
    }

    [Fact]
    public void Next_CustomBounds_StaysWithinThem()
    {
        var schedule = new PollSchedule(new VideoWaitOptions { Jitter = 0, MinInterval = TimeSpan.FromSeconds(10), MaxInterval = TimeSpan.FromSeconds(12) }, s_start);

        Assert.Equal(10, schedule.Next(Running(), s_start.AddSeconds(29)).TotalSeconds); // 1 s to the first check, raised to MinInterval
        Assert.Equal(12, schedule.Next(Running(), s_start.AddSeconds(100)).TotalSeconds); // 20 s, lowered to MaxInterval
    }

    [Fact]
    public void Next_ServerHint_WinsOverBackoffProgressAndJitter()
    {
        var schedule = new PollSchedule(new VideoWaitOptions { Jitter = 0.5 }, s_start, () => 0.999);
        schedule.Next(Running(10), s_start);

        // progress advanced (an ETA exists), yet the gateway's hint decides, with no jitter and no upper clamp
        Assert.Equal(TimeSpan.FromSeconds(2.7), schedule.Next(Running(20, TimeSpan.FromSeconds(2.7)), s_start.AddSeconds(2)));
        Assert.Equal(TimeSpan.FromMinutes(2), schedule.Next(Running(30, TimeSpan.FromMinutes(2)), s_start.AddSeconds(4)));
    }

    [Theory]
    [InlineData(-3000)]
    [InlineData(0)]
    [InlineData(700)]
    public void Next_HintBelowMinInterval_IsRaisedToMinInterval(int hintMilliseconds) =>
        Assert.Equal(TimeSpan.FromSeconds(2), new PollSchedule(NoJitter, s_start).Next(Running(pollAfter: TimeSpan.FromMilliseconds(hintMilliseconds)), s_start));

    [Fact]
    public void Next_ProgressRising_ReadsAtSixtyPercentOfTheTimeLeft()
    {
        var schedule = new PollSchedule(NoJitter, s_start);

        var first = schedule.Next(Running(10), s_start); // one observation: no rate yet
        var second = schedule.Next(Running(20), s_start.AddSeconds(2)); // 10 points in 2 s: 80 points left = 16 s

        Assert.Equal(TimeSpan.FromSeconds(30), first);
        Assert.Equal(TimeSpan.FromSeconds(16), schedule.EstimateRemaining(s_start.AddSeconds(2)));
        Assert.Equal(9.6, second.TotalSeconds, precision: 6); // the next read sharpens the estimate
    }

    [Fact]
    public void Next_ProgressRising_InTheFinalStretch_ReadsAtEstimatedCompletion()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Next(Running(10), s_start);

        Assert.Equal(TimeSpan.FromSeconds(12.5), schedule.Next(Running(50), s_start.AddSeconds(10))); // 4 points/s, 50 left
    }

    [Fact]
    public void Next_RateFromFirstReport_AveragesOverWholeRun()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Next(Running(0), s_start);
        schedule.Next(Running(10), s_start.AddSeconds(10));

        // 50 points in 25 s since the first report: 2 points/s, 50 left = 25 s, read at 60 % of it
        Assert.Equal(TimeSpan.FromSeconds(15), schedule.Next(Running(50), s_start.AddSeconds(25)));
    }

    [Fact]
    public void Next_SlowProgress_ClampedToMaxInterval()
    {
        var schedule = new PollSchedule(new VideoWaitOptions { Jitter = 0, MaxInterval = TimeSpan.FromSeconds(30) }, s_start);
        schedule.Next(Running(1), s_start);

        Assert.Equal(TimeSpan.FromSeconds(30), schedule.Next(Running(3), s_start.AddSeconds(10))); // 485 s left
    }

    [Fact]
    public void Next_QueuedAtZero_RateCountsFromTheLastReportBeforeProgressRose()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Starting(Jobs.Create(VideoJobStatus.Queued, 0)); // as submitted, at the start
        schedule.Next(Running(0), s_start.AddSeconds(10)); // still 0 %: the job has not started

        // 10 points in the 10 s since the last 0 % (not in the 20 s since the submit): 90 left = 90 s, read at 60 % of it
        Assert.Equal(TimeSpan.FromSeconds(54), schedule.Next(Running(10), s_start.AddSeconds(20)));
    }

    [Fact]
    public void Next_RiseOfOnePoint_GivesNoRateYet()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Starting(Jobs.Create(VideoJobStatus.Queued, 0));

        Assert.Equal(TimeSpan.FromSeconds(25), schedule.Next(Running(1), s_start.AddSeconds(5))); // maybe 1.9 %: the 30 s check
        Assert.Null(schedule.EstimateRemaining(s_start.AddSeconds(5)));
    }

    [Fact]
    public void Starting_SubmittedJob_GivesTheFirstReadARate()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Starting(Jobs.Create(VideoJobStatus.Queued, 0));

        // a short job: 50 % after 5 s, so it should be done 5 s later (not at the 30 s check)
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.Next(Running(50), s_start.AddSeconds(5)));
    }

    [Fact]
    public void Next_FastProgress_ClampedToMinInterval()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Next(Running(0), s_start);

        Assert.Equal(TimeSpan.FromSeconds(2), schedule.Next(Running(99), s_start.AddSeconds(2)));
    }

    [Fact]
    public void Next_ProgressStalls_KeepsTheEstimateThenBacksOffFromMinOnceOverdue()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Next(Running(10), s_start);
        schedule.Next(Running(20), s_start.AddSeconds(2)); // completion expected at 18 s

        Assert.Equal(TimeSpan.FromSeconds(8), schedule.Next(Running(20), s_start.AddSeconds(10))); // a stall does not move the estimate
        Assert.Equal(TimeSpan.FromSeconds(2), schedule.Next(Running(20), s_start.AddSeconds(18)));
        Assert.Equal(TimeSpan.FromSeconds(3), schedule.Next(Running(20), s_start.AddSeconds(20)));
        Assert.Equal(TimeSpan.FromSeconds(4.5), schedule.Next(Running(20), s_start.AddSeconds(23)));
    }

    [Fact]
    public void Next_LongOverdue_NeverWaitsLongerThanWithoutProgress()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Next(Running(0), s_start.AddSeconds(5));
        schedule.Next(Running(99), s_start.AddSeconds(30)); // done at about 30.3 s, by the rate

        var delays = Enumerable.Range(0, 12).Select(_ => schedule.Next(Running(99), s_start.AddSeconds(40))).ToList();

        Assert.Equal(TimeSpan.FromSeconds(8), delays[^1]); // the backoff stops at a fifth of the time waited
    }

    [Fact]
    public void Next_ProgressGoesBack_StartsRateAgain()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Next(Running(50), s_start);
        schedule.Next(Running(60), s_start.AddSeconds(2));

        schedule.Next(Running(5), s_start.AddSeconds(4)); // a restarted job: the old rate no longer applies

        Assert.Null(schedule.EstimateRemaining(s_start.AddSeconds(4)));
        schedule.Next(Running(10), s_start.AddSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(18), schedule.EstimateRemaining(s_start.AddSeconds(5))); // 5 points/s from the new start: 90 left
    }

    [Fact]
    public void EstimateRemaining_BeforeTwoReports_IsNull()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        Assert.Null(schedule.EstimateRemaining(s_start));

        schedule.Next(Running(30), s_start);
        Assert.Null(schedule.EstimateRemaining(s_start));
    }

    [Theory]
    [InlineData(0.0, 18)]
    [InlineData(0.5, 20)]
    [InlineData(1.0, 22)]
    public void Next_Jitter_SpreadsDelayByFraction(double random, double expectedSeconds)
    {
        var schedule = new PollSchedule(new VideoWaitOptions { Jitter = 0.1 }, s_start, () => random);

        Assert.Equal(expectedSeconds, schedule.Next(Running(), s_start.AddSeconds(100)).TotalSeconds, precision: 6); // 20 s, spread
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.999)]
    public void Next_Jitter_NeverLeavesMinAndMax(double random)
    {
        // MinInterval and MaxInterval are documented as the shortest and longest waits; only gateway hints may pass them.
        var options = new VideoWaitOptions { Jitter = 0.5 };
        var schedule = new PollSchedule(options, s_start, () => random);

        var delays = Enumerable.Range(0, 12).Select(i => schedule.Next(Running(), s_start.AddSeconds(i))).ToList();
        delays.Add(schedule.AfterFailure(new HttpRequestException("reset")));

        Assert.All(delays, d => Assert.InRange(d, options.MinInterval, options.MaxInterval));
    }

    [Fact]
    public void Next_DefaultRandom_StaysWithinJitterBounds()
    {
        const double Jitter = 0.25;
        var jittered = new PollSchedule(new VideoWaitOptions { Jitter = Jitter }, s_start);
        var plain = new PollSchedule(NoJitter, s_start);
        var spread = new HashSet<double>();
        for (var i = 0; i < 200; i++)
        {
            var at = s_start.AddSeconds(i);
            var delay = jittered.Next(Running(), at);
            var nominal = plain.Next(Running(), at);
            Assert.InRange(delay, nominal * (1 - Jitter), nominal * (1 + Jitter));
            Assert.InRange(delay, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5));
            spread.Add(Math.Round(delay / nominal, 3));
        }

        Assert.True(spread.Count > 10, "the jitter should actually vary");
    }

    [Fact]
    public void AfterFailure_RetryAfter_WaitsExactlyThat()
    {
        var schedule = new PollSchedule(new VideoWaitOptions { Jitter = 0.5 }, s_start, () => 0.9);

        var delay = schedule.AfterFailure(new VideoRateLimitException("testgw", "slow down", 429) { RetryAfter = TimeSpan.FromSeconds(17) });

        Assert.Equal(TimeSpan.FromSeconds(17), delay);
    }

    [Fact]
    public void AfterFailure_NoHint_BacksOffFromMinUntilAReadSucceeds()
    {
        var schedule = new PollSchedule(NoJitter, s_start);
        schedule.Next(Running(), s_start);

        Assert.Equal(TimeSpan.FromSeconds(2), schedule.AfterFailure(new HttpRequestException("reset")));
        Assert.Equal(TimeSpan.FromSeconds(3), schedule.AfterFailure(new HttpRequestException("reset")));
        Assert.Equal(TimeSpan.FromSeconds(4.5), schedule.AfterFailure(new HttpRequestException("reset")));
        schedule.Next(Running(), s_start.AddSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(2), schedule.AfterFailure(new HttpRequestException("reset")));
    }
}
