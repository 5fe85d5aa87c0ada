using System.Collections.Concurrent;

namespace SoraClient.Tests.Support;

/// <summary>
/// A handler whose answers are asynchronous steps (one per request, the last repeating), for what <see cref="SoraClient.Testing.StubHttpHandler"/>
/// cannot do: hang until cancelled, or fail after the request was sent. Records each request's headers and the manual time it arrived.
/// </summary>
public sealed class AsyncHttpHandler : HttpMessageHandler
{
    private readonly TimeProvider _time;
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _steps;
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _last;

    public AsyncHttpHandler(TimeProvider time, params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps)
    {
        _time = time;
        _steps = new Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>>(steps);
    }

    public ConcurrentQueue<(DateTimeOffset At, HttpRequestMessage Request)> Received { get; } = new();

    public IReadOnlyList<DateTimeOffset> Times => [.. Received.Select(r => r.At)];

    /// <summary>Waits until the request is cancelled (by a per-attempt timeout or the caller), then throws.</summary>
    public static async Task<HttpResponseMessage> HangAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var never = new TaskCompletionSource<HttpResponseMessage>();
        var registration = cancellationToken.Register(() => never.TrySetCanceled(cancellationToken));
        await using (registration.ConfigureAwait(false))
        {
            // ConfigureAwait(false) keeps the continuation inline when the manual clock fires the timeout,
            // as in library code; capturing xunit's context would queue it to the thread pool instead.
            return await never.Task.ConfigureAwait(false);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Received.Enqueue((_time.GetUtcNow(), request));
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> step;
        lock (_steps)
        {
            step = _steps.Count > 0 ? (_last = _steps.Dequeue()) : _last ?? throw new InvalidOperationException("No steps");
        }

        return step(request, cancellationToken);
    }
}
