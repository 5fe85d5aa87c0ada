using SoraClient.Testing;

namespace SoraClient.Tests.Support;

/// <summary>
/// Answers <see cref="IVideoGenerator.GetJobAsync"/> from a script of jobs and exceptions (the last step repeats)
/// and records when each read happened on the manual clock.
/// </summary>
public sealed class ScriptedJobReads
{
    private readonly ManualTimeProvider _time;
    private readonly Queue<Func<VideoJob>> _steps;
    private Func<VideoJob>? _last;

    public ScriptedJobReads(ManualTimeProvider time, params Func<VideoJob>[] steps)
    {
        _time = time;
        _steps = new Queue<Func<VideoJob>>(steps);
    }

    public IList<DateTimeOffset> ReadTimes { get; } = [];

    public IReadOnlyList<TimeSpan> ReadOffsets(DateTimeOffset start) => [.. ReadTimes.Select(t => t - start)];

    public Task<VideoJob> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ReadTimes.Add(_time.GetUtcNow());
        var step = _steps.Count > 0 ? (_last = _steps.Dequeue()) : _last ?? throw new InvalidOperationException("Empty script");
        try
        {
            return Task.FromResult(step());
        }
        catch (Exception ex)
        {
            return Task.FromException<VideoJob>(ex);
        }
    }

    public static Func<VideoJob> Job(VideoJobStatus status, int? progress = null, TimeSpan? pollAfter = null) =>
        () => Jobs.Create(status, progress, pollAfter);

    public static Func<VideoJob> Throw(Exception exception) => () => throw exception;
}
