using SoraClient.Polling;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Polling;

public class PollScheduleTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static VideoWaitOptions NoJitter => new() { Jitter = 0 };

    private static VideoJob Running(int? progress = null, TimeSpan? pollAfter = null) => Jobs.Create(VideoJobStatus.Running, progress, pollAfter);

    [Fact]
    public void Next_NoProgress_GrowsExponentiallyFromMinToMax()
    {
        var schedule = new PollSchedule(NoJitter);

        var delays = Enumerable.Range(0, 10).Select(i => schedule.Next(Running(), s_start.AddSeconds(i))).Select(d => d.TotalSeconds).ToList();

        Assert.Equal([2, 3, 4.5, 6.75, 10.125, 15.1875, 22.78125, 30, 30, 30], delays);
    }

    [Fact]
    public void Next_CustomBounds_StaysWithinThem()
    {
        var schedule = new PollSchedule(new VideoWaitOptions { Jitter = 0, MinInterval = TimeSpan.FromSeconds(10), MaxInterval = TimeSpan.FromSeconds(12) });

        var delays = Enumerable.Range(0, 4).Select(i => schedule.Next(Running(), s_start.AddSeconds(i)).TotalSeconds).ToList();

        Assert.Equal([10, 12, 12, 12], delays);
    }

    [Fact]
    public void Next_ServerHint_WinsOverBackoffProgressAndJitter()
    {
        var schedule = new PollSchedule(new VideoWaitOptions { Jitter = 0.5 }, () => 0.999);
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
        Assert.Equal(TimeSpan.FromSeconds(2), new PollSchedule(NoJitter).Next(Running(pollAfter: TimeSpan.FromMilliseconds(hintMilliseconds)), s_start));

    [Fact]
    public void Next_ProgressRising_PlacesReadAtEstimatedCompletion()
    {
        var schedule = new PollSchedule(NoJitter);

        var first = schedule.Next(Running(10), s_start); // one observation: no rate yet
        var second = schedule.Next(Running(20), s_start.AddSeconds(2)); // 10 points in 2 s: 80 points left = 16 s

        Assert.Equal(TimeSpan.FromSeconds(2), first);
        Assert.Equal(TimeSpan.FromSeconds(16), second);
        Assert.Equal(TimeSpan.FromSeconds(16), schedule.EstimateRemaining());
    }

    [Fact]
    public void Next_RateFromFirstReport_AveragesOverWholeRun()
    {
        var schedule = new PollSchedule(NoJitter);
        schedule.Next(Running(0), s_start);
        schedule.Next(Running(10), s_start.AddSeconds(10));

        // 50 points in 25 s since the first report: 2 points/s, 50 left = 25 s
        Assert.Equal(TimeSpan.FromSeconds(25), schedule.Next(Running(50), s_start.AddSeconds(25)));
    }

    [Fact]
    public void Next_SlowProgress_ClampedToMaxInterval()
    {
        var schedule = new PollSchedule(NoJitter);
        schedule.Next(Running(1), s_start);

        Assert.Equal(TimeSpan.FromSeconds(30), schedule.Next(Running(2), s_start.AddSeconds(10)));
    }

    [Fact]
    public void Next_FastProgress_ClampedToMinInterval()
    {
        var schedule = new PollSchedule(NoJitter);
        schedule.Next(Running(0), s_start);

        Assert.Equal(TimeSpan.FromSeconds(2), schedule.Next(Running(99), s_start.AddSeconds(2)));
    }

    [Fact]
    public void Next_ProgressStalls_FallsBackToBackoffFromMin()
    {
        var schedule = new PollSchedule(NoJitter);
        schedule.Next(Running(10), s_start); // backoff 2
        schedule.Next(Running(20), s_start.AddSeconds(2)); // ETA, backoff reset

        Assert.Equal(TimeSpan.FromSeconds(2), schedule.Next(Running(20), s_start.AddSeconds(18)));
        Assert.Equal(TimeSpan.FromSeconds(3), schedule.Next(Running(20), s_start.AddSeconds(20)));
    }

    [Fact]
    public void Next_ProgressGoesBack_StartsRateAgain()
    {
        var schedule = new PollSchedule(NoJitter);
        schedule.Next(Running(50), s_start);
        schedule.Next(Running(60), s_start.AddSeconds(2));

        schedule.Next(Running(5), s_start.AddSeconds(4)); // a restarted job: the old rate no longer applies

        Assert.Null(schedule.EstimateRemaining());
        Assert.Equal(TimeSpan.FromSeconds(18), schedule.Next(Running(10), s_start.AddSeconds(5))); // 5 points/s from the new start: 90 left
    }

    [Fact]
    public void EstimateRemaining_BeforeTwoReports_IsNull()
    {
        var schedule = new PollSchedule(NoJitter);
        Assert.Null(schedule.EstimateRemaining());

        schedule.Next(Running(30), s_start);
        Assert.Null(schedule.EstimateRemaining());
    }

    [Theory]
    [InlineData(0.0, 2.7)]
    [InlineData(0.5, 3.0)]
    [InlineData(1.0, 3.3)]
    public void Next_Jitter_SpreadsDelayByFraction(double random, double expectedSeconds)
    {
        var schedule = new PollSchedule(new VideoWaitOptions { Jitter = 0.1 }, () => random);
        schedule.Next(Running(), s_start); // 2 s

        Assert.Equal(expectedSeconds, schedule.Next(Running(), s_start.AddSeconds(2)).TotalSeconds, precision: 9); // 3 s, spread
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.999)]
    public void Next_Jitter_NeverLeavesMinAndMax(double random)
    {
        // MinInterval and MaxInterval are documented as the shortest and longest waits; only gateway hints may pass them.
        var options = new VideoWaitOptions { Jitter = 0.5 };
        var schedule = new PollSchedule(options, () => random);

        var delays = Enumerable.Range(0, 12).Select(i => schedule.Next(Running(), s_start.AddSeconds(i))).ToList();
        delays.Add(schedule.AfterFailure(new HttpRequestException("reset")));

        Assert.All(delays, d => Assert.InRange(d, options.MinInterval, options.MaxInterval));
    }

    [Fact]
    public void Next_DefaultRandom_StaysWithinJitterBounds()
    {
        const double Jitter = 0.25;
        var jittered = new PollSchedule(new VideoWaitOptions { Jitter = Jitter });
        var plain = new PollSchedule(NoJitter);
        var spread = new HashSet<double>();
        for (var i = 0; i < 200; i++)
        {
            var at = s_start.AddSeconds(i);
            var delay = jittered.Next(Running(), at);
            var nominal = plain.Next(Running(), at);
            Assert.InRange(delay, nominal * (1 - Jitter), nominal * (1 + Jitter));
            Assert.InRange(delay, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
            spread.Add(Math.Round(delay / nominal, 3));
        }

        Assert.True(spread.Count > 10, "the jitter should actually vary");
    }

    [Fact]
    public void AfterFailure_RetryAfter_WaitsExactlyThat()
    {
        var schedule = new PollSchedule(new VideoWaitOptions { Jitter = 0.5 }, () => 0.9);

        var delay = schedule.AfterFailure(new VideoRateLimitException("testgw", "slow down", 429) { RetryAfter = TimeSpan.FromSeconds(17) });

        Assert.Equal(TimeSpan.FromSeconds(17), delay);
    }

    [Fact]
    public void AfterFailure_NoHint_ContinuesBackoff()
    {
        var schedule = new PollSchedule(NoJitter);
        schedule.Next(Running(), s_start);

        Assert.Equal(TimeSpan.FromSeconds(3), schedule.AfterFailure(new HttpRequestException("reset")));
        Assert.Equal(TimeSpan.FromSeconds(4.5), schedule.AfterFailure(new HttpRequestException("reset")));
    }
}
