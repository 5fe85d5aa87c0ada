using SoraClient.AspNetCore.Internal;
using SoraClient.Testing;

namespace SoraClient.AspNetCore.Tests;

/// <summary>The confirmed states the hub holds only move forward; waits get the first state ahead of what they know.</summary>
public sealed class WebhookJobHubTests
{
    private readonly WebhookJobHub _hub = new(new ManualTimeProvider());

    [Fact]
    public void Publish_StatesOutOfOrder_NeverMovesBack()
    {
        Assert.True(_hub.Publish(Job(VideoJobStatus.Running, 40)));
        Assert.False(_hub.Publish(Job(VideoJobStatus.Queued)));
        Assert.False(_hub.Publish(Job(VideoJobStatus.Running, 30)));
        Assert.True(_hub.Publish(Job(VideoJobStatus.Succeeded, 100)));
        Assert.False(_hub.Publish(Job(VideoJobStatus.Running, 90)));
        Assert.False(_hub.Publish(Job(VideoJobStatus.Failed)));   // an end is final
        Assert.False(_hub.Publish(Job(VideoJobStatus.Succeeded, 100))); // a duplicate

        Assert.Equal(VideoJobStatus.Succeeded, _hub.Find("p", "j")!.Status);
    }

    [Fact]
    public async Task WaitForUpdateAsync_StateAheadHeldAlready_ReturnsAtOnce()
    {
        _hub.Publish(Job(VideoJobStatus.Succeeded, 100));

        var job = await _hub.WaitForUpdateAsync("p", "j", Job(VideoJobStatus.Queued), CancellationToken.None);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
    }

    [Fact]
    public async Task WaitForUpdateAsync_WaitsForAStateAheadOfTheKnownOne()
    {
        var wait = _hub.WaitForUpdateAsync("p", "j", Job(VideoJobStatus.Running, 50), CancellationToken.None);

        _hub.Publish(Job(VideoJobStatus.Running, 20)); // behind what the waiter knows
        Assert.False(wait.IsCompleted);
        _hub.Publish(Job(VideoJobStatus.Running, 70));

        Assert.Equal(70, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).Progress);
    }

    [Fact]
    public async Task WaitForUpdateAsync_Cancelled_Throws()
    {
        using var cancel = new CancellationTokenSource();
        var wait = _hub.WaitForUpdateAsync("p", "j", null, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    private static VideoJob Job(VideoJobStatus status, int? progress = null) => new() { Id = "j", Provider = "p", Status = status, Progress = progress };
}
