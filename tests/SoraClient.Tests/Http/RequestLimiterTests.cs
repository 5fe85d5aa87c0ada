using System.Net;
using SoraClient.Download;
using SoraClient.Http;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Testing.StubHttpHandler;

namespace SoraClient.Tests.Http;

/// <summary>
/// <see cref="VideoProviderOptions.MaxRequestsPerSecond"/> and <see cref="VideoProviderOptions.MaxConcurrentRequests"/>: one limit
/// for every request of a registration, on the injected clock; queueing never times out an attempt or makes a create uncertain.
/// </summary>
public sealed class RequestLimiterTests : IDisposable
{
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(50);
    private readonly ManualTimeProvider _time = new();
    private readonly StubHttpHandler _http = new();
    private readonly List<TimeSpan> _sentAt = [];
    private readonly DateTimeOffset _start;

    public RequestLimiterTests() => _start = _time.GetUtcNow();

    public void Dispose() => _http.Dispose();

    private HttpResponseMessage Answer(int status = 200, string json = "{}", params (string Name, string Value)[] headers)
    {
        lock (_sentAt)
        {
            _sentAt.Add(_time.GetUtcNow() - _start);
        }

        return Json(status, json, headers);
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public async Task Rate_EveryOperationOfTheRegistrationShares_AndRequestsAreSpacedEvenly()
    {
        _http.On(HttpMethod.Get, "/v1/videos/video_123", _ => Answer());
        _http.On(HttpMethod.Post, "/v1/videos", _ => Answer());
        _http.On(HttpMethod.Get, "/v1/videos/video_123/content", _ =>
        {
            Answer();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) };
        });
        var sender = Senders.Create(_http, _time, new TestProviderOptions { MaxRequestsPerSecond = 2 });

        var calls = Task.WhenAll(
            sender.SendJsonAsync(HttpOperation.Status, Senders.Get()),
            sender.SendJsonAsync(HttpOperation.Submit, Senders.Post()),
            sender.SendJsonAsync(HttpOperation.Status, Senders.Get()),
            Download(sender),
            sender.SendJsonAsync(HttpOperation.Submit, Senders.Post()));
        await _time.RunAsync(calls, s_step, Seconds(10));

        Assert.Equal([Seconds(0), Seconds(0.5), Seconds(1), Seconds(1.5), Seconds(2)], _sentAt.Order());
    }

    private static async Task Download(ProviderHttpSender sender)
    {
        await using var content = await sender.OpenContentAsync(Senders.Get("/v1/videos/video_123/content"), CancellationToken.None);
        await content.Content.CopyToAsync(Stream.Null);
    }

    [Fact]
    public async Task Rate_ARetryTakesASlotToo()
    {
        _http.On(HttpMethod.Get, "/v1/videos/video_123", _ => Answer(503, """{"error":"busy"}""", ("Retry-After", "0")), _ => Answer());
        var sender = Senders.Create(_http, _time, new TestProviderOptions { MaxRequestsPerSecond = 1, MaxRetries = 1 });

        await _time.RunAsync(sender.SendJsonAsync(HttpOperation.Status, Senders.Get()), s_step, Seconds(10));

        Assert.Equal(2, _sentAt.Count);
        Assert.Equal([Seconds(0), Seconds(1)], _sentAt); // the gateway said "retry at once"; the limit said "not within the second"
    }

    [Fact]
    public async Task Rate_QueuedLongerThanTheRequestTimeout_TheAttemptDoesNotTimeOut()
    {
        _http.On(HttpMethod.Post, "/v1/videos", _ => Answer());
        var sender = Senders.Create(_http, _time, new TestProviderOptions { MaxRequestsPerSecond = 0.1, RequestTimeout = Seconds(1), MaxRetries = 0 });

        var creates = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => sender.SendJsonAsync(HttpOperation.Submit, Senders.Post())));
        await _time.RunAsync(creates, TimeSpan.FromMilliseconds(500), Seconds(60));

        Assert.Equal([Seconds(0), Seconds(10), Seconds(20)], _sentAt.Order());
    }

    [Fact]
    public async Task Rate_ACreateCancelledWhileQueued_IsACancellationNotAnUncertainCreate()
    {
        _http.On(HttpMethod.Post, "/v1/videos", _ => Answer());
        var sender = Senders.Create(_http, _time, new TestProviderOptions { MaxRequestsPerSecond = 1 });
        await sender.SendJsonAsync(HttpOperation.Submit, Senders.Post()).Guarded();
        using var cancel = new CancellationTokenSource();

        var queued = sender.SendJsonAsync(HttpOperation.Submit, Senders.Post(), cancel.Token);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Guarded());
        Assert.IsNotType<VideoSubmissionUncertainException>(error.InnerException);
        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task Concurrency_NeverMoreInFlightThanTheLimit()
    {
        using var gateway = new HeldAnswers();
        var sender = Senders.Create(gateway, _time, new TestProviderOptions { MaxConcurrentRequests = 2 });

        var reads = Enumerable.Range(0, 5).Select(_ => sender.SendJsonAsync(HttpOperation.Status, Senders.Get())).ToList();
        for (var answered = 0; answered < 5; answered++)
        {
            await gateway.WaitUntilHeldAsync(Math.Min(2, 5 - answered)).Guarded();
            gateway.AnswerOne();
        }

        await Task.WhenAll(reads).Guarded();
        Assert.Equal(2, gateway.MostInFlight);
        Assert.Equal(5, gateway.Received);
    }

    [Fact]
    public async Task SharedLimiter_EveryAttemptTakesAPermitWhenItIsSent_RetriesIncluded()
    {
        _http.On(HttpMethod.Get, "/v1/videos/video_123", _ => Answer(503, """{"error":"busy"}""", ("Retry-After", "0")), _ => Answer());
        _http.On(HttpMethod.Post, "/v1/videos", _ => Answer());
        using var shared = Bucket(tokens: 1, queue: 2);
        var sender = Senders.Create(_http, _time, new TestProviderOptions { RateLimiter = shared, MaxRetries = 1 });

        // One token: the read's first attempt takes it; its retry and then the create wait for the next tokens.
        var read = sender.SendJsonAsync(HttpOperation.Status, Senders.Get());
        await Until(() => _http.Requests.Count == 1 && shared.GetStatistics()!.CurrentQueuedCount == 1);
        var create = sender.SendJsonAsync(HttpOperation.Submit, Senders.Post());
        await Until(() => shared.GetStatistics()!.CurrentQueuedCount == 2);
        Assert.Single(_http.Requests); // queued behind the shared limiter: nothing sent, and no attempt timeout running

        Assert.True(shared.TryReplenish());
        await read.Guarded();
        Assert.Equal(2, _http.Requests.Count);
        Assert.True(shared.TryReplenish());
        await create.Guarded();

        Assert.Equal(3, _http.Requests.Count);
        Assert.Equal(3, shared.GetStatistics()!.TotalSuccessfulLeases);
    }

    [Fact]
    public async Task SharedLimiter_RefusesAPermit_RateLimitErrorAndNothingSent()
    {
        _http.On(HttpMethod.Post, "/v1/videos", _ => Answer());
        using var shared = Bucket(tokens: 1, queue: 0);
        var sender = Senders.Create(_http, _time, new TestProviderOptions { RateLimiter = shared, MaxRetries = 0 });
        await sender.SendJsonAsync(HttpOperation.Submit, Senders.Post()).Guarded();

        var error = await Assert.ThrowsAsync<VideoRateLimitException>(() => sender.SendJsonAsync(HttpOperation.Submit, Senders.Post()).Guarded());

        Assert.Contains("nothing was sent", error.Message, StringComparison.Ordinal);
        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task SharedLimiter_ACreateCancelledWhileWaitingForItsPermit_IsACancellationAndNothingSent()
    {
        _http.On(HttpMethod.Post, "/v1/videos", _ => Answer());
        using var shared = Bucket(tokens: 0, queue: 1);
        var sender = Senders.Create(_http, _time, new TestProviderOptions { RateLimiter = shared });
        using var cancel = new CancellationTokenSource();

        var queued = sender.SendJsonAsync(HttpOperation.Submit, Senders.Post(), cancel.Token);
        await Until(() => shared.GetStatistics()!.CurrentQueuedCount == 1);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Guarded());
        Assert.IsNotType<VideoSubmissionUncertainException>(error.InnerException);
        Assert.Empty(_http.Requests);
    }

    /// <summary>A token bucket the test refills by hand (<see cref="System.Threading.RateLimiting.TokenBucketRateLimiter.TryReplenish"/>), one token at a time.</summary>
    private static System.Threading.RateLimiting.TokenBucketRateLimiter Bucket(int tokens, int queue)
    {
        var bucket = new System.Threading.RateLimiting.TokenBucketRateLimiter(new()
        {
            TokenLimit = Math.Max(tokens, 1),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(1), // a refill by hand adds a token only once a period has passed since the last
            AutoReplenishment = false,
            QueueLimit = queue,
        });
        if (tokens == 0)
        {
            using var drained = bucket.AttemptAcquire(); // a bucket starts full
        }

        return bucket;
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the requests did not reach the expected point");
            await Task.Delay(1);
        }
    }

    [Theory]
    [InlineData(0d, null, "MaxRequestsPerSecond must be above 0")]
    [InlineData(-1d, null, "MaxRequestsPerSecond must be above 0")]
    [InlineData(double.NaN, null, "MaxRequestsPerSecond must be above 0")]
    [InlineData(null, 0, "MaxConcurrentRequests must be positive")]
    public void Options_OutOfRange_NameTheSetting(double? rate, int? concurrent, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new SoraClient.Providers.OpenAI.OpenAIVideoGenerator(new HttpClient(_http),
            new SoraClient.Providers.OpenAI.OpenAIOptions { ApiKey = TestProviderOptions.Key, MaxRequestsPerSecond = rate, MaxConcurrentRequests = concurrent }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A gateway that holds every answer until the test releases it, counting the requests in flight.</summary>
    private sealed class HeldAnswers : HttpMessageHandler
    {
        private readonly Queue<TaskCompletionSource> _held = new();
        private int _inFlight;

        public int MostInFlight { get; private set; }

        public int Received { get; private set; }

        /// <summary>Waits until <paramref name="count"/> requests wait for their answer.</summary>
        public async Task WaitUntilHeldAsync(int count)
        {
            while (HeldCount() < count)
            {
                await Task.Delay(1);
            }
        }

        private int HeldCount()
        {
            lock (_held)
            {
                return _held.Count;
            }
        }

        public void AnswerOne()
        {
            lock (_held)
            {
                _held.Dequeue().SetResult();
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_held)
            {
                Received++;
                MostInFlight = Math.Max(MostInFlight, Interlocked.Increment(ref _inFlight));
                _held.Enqueue(answer);
            }

            await answer.Task;
            Interlocked.Decrement(ref _inFlight);
            return Json(200, "{}");
        }
    }
}
