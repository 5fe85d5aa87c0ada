using SoraClient.Testing;

namespace SoraClient.Tests.Support;

/// <summary>The test clock itself: which timer fires when, and what it reports, with timers changed and disposed on the way.</summary>
public sealed class ManualTimeProviderTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly List<(string Name, TimeSpan At)> _fired = [];

    [Fact]
    public void Advance_FiresDueTimersInDueOrder_EqualDueTimesInCreationOrder_EachReadingItsOwnDueTime()
    {
        using var c = Timer("c", TimeSpan.FromSeconds(3));
        using var a = Timer("a", TimeSpan.FromSeconds(1));
        using var b1 = Timer("b1", TimeSpan.FromSeconds(2));
        using var b2 = Timer("b2", TimeSpan.FromSeconds(2));
        b1.Change(TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan); // rescheduled later to the same time: still created first

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([("a", S(1)), ("b1", S(2)), ("b2", S(2)), ("c", S(3))], _fired);
        Assert.Equal(S(10), Elapsed);
        Assert.Equal(0, _time.PendingTimers);
        Assert.Null(_time.TimeUntilNextTimer);
    }

    [Fact]
    public void ChangedAndDisposedTimers_FireOnlyAtTheirLatestDueTime()
    {
        using var moved = Timer("moved", TimeSpan.FromSeconds(1));
        var gone = Timer("gone", TimeSpan.FromSeconds(2));
        using var stopped = Timer("stopped", TimeSpan.FromSeconds(3));
        moved.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        gone.Dispose();
        stopped.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        Assert.Equal(1, _time.PendingTimers);
        Assert.Equal(S(5), _time.TimeUntilNextTimer);
        Assert.False(gone.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([("moved", S(5))], _fired);
    }

    [Fact]
    public void PeriodicTimer_FiresEveryPeriod_AndTimersScheduledDuringAnAdvanceFireInIt_WhenDueByItsEnd()
    {
        ITimer? late = null;
        using var periodic = _time.CreateTimer(_ => _fired.Add(("tick", Elapsed)), null, S(1), S(2));
        using var first = _time.CreateTimer(
            _ =>
            {
                _fired.Add(("first", Elapsed));
                late = Timer("late", TimeSpan.FromMilliseconds(500)); // due at 2.5 s, between two ticks
            },
            null,
            S(2),
            Timeout.InfiniteTimeSpan);

        _time.Advance(TimeSpan.FromSeconds(5));
        late!.Dispose();

        Assert.Equal([("tick", S(1)), ("first", S(2)), ("late", TimeSpan.FromSeconds(2.5)), ("tick", S(3)), ("tick", S(5))], _fired);
        Assert.Equal(1, _time.PendingTimers); // the periodic timer, next at 7 s
        Assert.Equal(S(2), _time.TimeUntilNextTimer);
    }

    [Fact]
    public void ManyTimersChangedAgainAndAgain_StillFireOnceEach_AtTheirLastDueTime()
    {
        var timers = Enumerable.Range(0, 300).Select(i => Timer($"t{i}", S(1000))).ToList();
        for (var round = 0; round < 20; round++)
        {
            foreach (var (timer, i) in timers.Select((t, i) => (t, i)))
            {
                timer.Change(S(100 + (round * 10) + (i % 7)), Timeout.InfiniteTimeSpan);
            }
        }

        Assert.Equal(300, _time.PendingTimers);
        _time.Advance(S(1000));

        Assert.Equal(300, _fired.Count);
        Assert.Equal(_fired.OrderBy(f => f.At).ThenBy(f => int.Parse(f.Name[1..], System.Globalization.CultureInfo.InvariantCulture)), _fired);
        Assert.All(_fired, f => Assert.Equal(S(290 + (int.Parse(f.Name[1..], System.Globalization.CultureInfo.InvariantCulture) % 7)), f.At));
        timers.ForEach(t => t.Dispose());
    }

    private TimeSpan Elapsed => _time.GetUtcNow() - ManualTimeProvider.DefaultStart;

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);

    private ITimer Timer(string name, TimeSpan due) => _time.CreateTimer(_ => _fired.Add((name, Elapsed)), null, due, Timeout.InfiniteTimeSpan);
}
