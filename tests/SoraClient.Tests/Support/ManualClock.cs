using SoraClient.Testing;

#pragma warning disable VSTHRD003 // the helper awaits the task under test, started by the caller on purpose

namespace SoraClient.Tests.Support;

internal static class ManualClock
{
    /// <summary>A real-time guard that only fires when a test is broken (it never delays a passing test).</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Moves the manual clock forward in steps until <paramref name="task"/> completes, then returns its result.
    /// Fails when <paramref name="limit"/> of manual time passes first.
    /// </summary>
    public static async Task<T> RunAsync<T>(this ManualTimeProvider time, Task<T> task, TimeSpan step, TimeSpan limit)
    {
        await time.AdvanceUntilAsync(task, step, limit);
        return await task.WaitAsync(Guard);
    }

    public static async Task RunAsync(this ManualTimeProvider time, Task task, TimeSpan step, TimeSpan limit)
    {
        await time.AdvanceUntilAsync(task, step, limit);
        await task.WaitAsync(Guard);
    }

    private static async Task AdvanceUntilAsync(this ManualTimeProvider time, Task task, TimeSpan step, TimeSpan limit)
    {
        // xunit starts a test inside its own task scheduler, where completing a task never runs its continuations
        // inline. Leave it first, so each timer's continuation runs during Advance and sees the exact due time.
        await Task.Yield();
        var end = time.GetUtcNow() + limit;
        while (!task.IsCompleted && time.GetUtcNow() < end)
        {
            if (time.PendingTimers == 0)
            {
                await Task.Yield(); // let work that is not waiting on the clock reach its next wait
            }

            time.Advance(step);
        }

        Assert.True(task.IsCompleted || await Task.WhenAny(task, Task.Delay(Guard)) == task, $"The task did not complete within {limit} of manual time.");
    }
}
