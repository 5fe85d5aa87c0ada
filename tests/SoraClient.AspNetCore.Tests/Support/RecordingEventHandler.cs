using System.Collections.Concurrent;

namespace SoraClient.AspNetCore.Tests.Support;

/// <summary>Records the confirmed updates handed to <see cref="IVideoJobEventHandler"/>.</summary>
internal sealed class RecordingEventHandler : IVideoJobEventHandler
{
    private readonly ConcurrentQueue<VideoJob> _jobs = new();

    public IReadOnlyList<VideoJob> Jobs => [.. _jobs];

    /// <summary>Throws after recording, to show a failing handler changes nothing for the gateway.</summary>
    public bool Fail { get; set; }

    public Task OnJobUpdatedAsync(VideoJob job, CancellationToken cancellationToken)
    {
        _jobs.Enqueue(job);
        return Fail ? Task.FromException(new InvalidOperationException("handler failure (on purpose)")) : Task.CompletedTask;
    }

    /// <summary>Waits (a few real seconds at most) until <paramref name="count"/> updates arrived.</summary>
    public async Task WaitForAsync(int count)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_jobs.Count < count)
        {
            await Task.Delay(5, guard.Token);
        }
    }
}
