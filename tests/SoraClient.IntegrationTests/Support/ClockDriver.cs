using SoraClient.Jobs.Tests;
using SoraClient.Testing;

namespace SoraClient.IntegrationTests.Support;

/// <summary>
/// Many jobs over real sockets on one manual clock shared by the SDK and the emulator. The clock moves to the next timer
/// only when nothing is under way off the clock: no request in flight, and every unfinished task parked on a timer (a
/// limiter slot, a retry delay, its next poll). Each request is then stamped by the emulator at the instant it was sent.
/// </summary>
internal sealed class ClockDriver : IDisposable
{
    private static readonly TimeSpan s_maxStep = TimeSpan.FromSeconds(1);
    private readonly InFlightCounter _gateway = new(LoopbackHttp.CreateHandler());

    public ClockDriver(ManualTimeProvider time)
    {
        Time = time;
        Http = new HttpClient(_gateway) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public ManualTimeProvider Time { get; }

    /// <summary>Gets a loopback-only client whose requests the driver counts.</summary>
    public HttpClient Http { get; }

    public async Task<T[]> RunAsync<T>(IReadOnlyList<Task<T>> tasks)
    {
        var all = Task.WhenAll(tasks);

        // A running count, not a scan of 10,000 tasks per check. It drops just after a task completes, never before, so the
        // driver can only wait a check longer, never move the clock while a task is still off it.
        var unfinished = tasks.Count;
        foreach (var task in tasks)
        {
            _ = task.ContinueWith(_ => Interlocked.Decrement(ref unfinished), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        var guard = DateTime.UtcNow + TimeSpan.FromMinutes(15); // real time: only a broken test gets there
        while (!all.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < guard, "the tasks did not finish: something waits off the manual clock");
            if (!IsParked(Volatile.Read(ref unfinished)))
            {
                await Task.Delay(1);
                continue;
            }

            // Again a moment later: a task between a limiter slot and its request shows neither a timer nor a request.
            var sent = _gateway.Sent;
            await Task.Delay(2);
            if (IsParked(Volatile.Read(ref unfinished)) && _gateway.Sent == sent)
            {
                // At most a second at a time: every wait also holds its far deadline timer, so a task parked off the clock (a
                // batched read between its timer and its request, slow to get a thread on a loaded machine) looks parked too,
                // and one long jump would take the clock to the deadlines. In short steps it gets its turn at the next check.
                var next = Time.TimeUntilNextTimer ?? TimeSpan.FromMilliseconds(50);
                Time.Advance(next < s_maxStep ? next : s_maxStep);
            }
        }

        return await all;
    }

    public void Dispose() => Http.Dispose();

    private bool IsParked(int unfinished) => _gateway.InFlight == 0 && Time.PendingTimers >= unfinished;

    /// <summary>Counts the requests sent, and those not yet answered.</summary>
    private sealed class InFlightCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _inFlight;
        private int _sent;

        public int InFlight => Volatile.Read(ref _inFlight);

        public int Sent => Volatile.Read(ref _sent);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _inFlight);
            Interlocked.Increment(ref _sent);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken); // answered means read: the sender is done with it
                return response;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
