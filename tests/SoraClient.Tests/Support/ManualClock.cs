using SoraClient.Testing;

#pragma warning disable VSTHRD003 // the helper awaits the task under test, started by the caller on purpose

namespace SoraClient.Tests.Support;

internal static class ManualClock
{
    /// <summary>A real-time guard that only fires when a test is broken (it never delays a passing test).</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    /// <summary>Awaits a task that should already be finishing, failing instead of hanging when a test is broken.</summary>
    public static Task Guarded(this Task task) => task.WaitAsync(Guard);

    /// <inheritdoc cref="Guarded(Task)"/>
    public static Task<T> Guarded<T>(this Task<T> task) => task.WaitAsync(Guard);

    /// <summary>Asserts that a task started earlier fails with <typeparamref name="TException"/> (or a subclass).</summary>
    public static Task<TException> ThrowsAnyAsync<TException>(this Task task)
        where TException : Exception =>
        Assert.ThrowsAnyAsync<TException>(() => task.WaitAsync(Guard));

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

    private static async Task WaitForTimerOrCompletionAsync(ManualTimeProvider time, Task task)
    {
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        time.TimerScheduled = _ => scheduled.TrySetResult();
        try
        {
            if (time.PendingTimers == 0 && !task.IsCompleted)
            {
                var finished = await Task.WhenAny(task, scheduled.Task).WaitAsync(Guard).ConfigureAwait(false);
                _ = finished;
            }
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Nothing waits on the manual clock and the task did not complete within {Guard} of real time: it hangs.");
        }
        finally
        {
            time.TimerScheduled = null;
        }
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
                // Work is under way off the clock (a continuation queued to the thread pool, say): wait until it ends
                // or waits on the clock again, instead of moving time past the timer it is about to create.
                await WaitForTimerOrCompletionAsync(time, task);
                continue;
            }

            time.Advance(step);
        }

        Assert.True(task.IsCompleted || await Task.WhenAny(task, Task.Delay(Guard)) == task, $"The task did not complete within {limit} of manual time.");
    }
}
