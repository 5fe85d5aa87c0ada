using SoraClient.Http;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Testing.StubHttpHandler;

namespace SoraClient.Tests.Http;

/// <summary>The status pipeline reads idempotently: transient failures are retried with backoff on the manual clock.</summary>
public sealed class ProviderHttpSenderStatusTests : IDisposable
{
    private const string Running = """{"id":"video_123","status":"in_progress"}""";
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(10);
    private readonly ManualTimeProvider _time = new();
    private readonly StubHttpHandler _handler = new();

    public void Dispose() => _handler.Dispose();

    private StubHttpHandler OnGet(params Func<HttpRequestMessage, HttpResponseMessage>[] responses) => _handler.On(HttpMethod.Get, "/v1/videos/video_123", responses);

    private Task<ProviderResponse<System.Text.Json.JsonElement>> ReadAsync(VideoProviderOptions? options = null) =>
        Senders.Create(_handler, _time, options).SendJsonAsync(HttpOperation.Status, Senders.Get());

    private static Func<HttpRequestMessage, HttpResponseMessage> Status(int status, string json = "{}", params (string Name, string Value)[] headers) =>
        _ => Json(status, json, headers);

    private static Func<HttpRequestMessage, HttpResponseMessage> Fail(Exception exception) => _ => throw exception;

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task SendAsync_TransientStatus_RetriedThenSucceeds(int status)
    {
        OnGet(Status(status), Status(status), Status(status), Status(200, Running));

        var response = await _time.RunAsync(ReadAsync(), s_step, s_limit);

        Assert.Equal("in_progress", response.Value.GetProperty("status").GetString());
        Assert.Equal(4, _handler.Requests.Count);
    }

    public static TheoryData<string, Exception> NetworkErrors => new()
    {
        { "connect", Senders.ConnectFailure() },
        { "response ended", new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.") },
        { "io", new IOException("Connection reset by peer.") },
    };

    [Theory]
    [MemberData(nameof(NetworkErrors))]
    public async Task SendAsync_NetworkError_Retried(string what, Exception failure)
    {
        OnGet(Fail(failure), Status(200, Running));

        await _time.RunAsync(ReadAsync(), s_step, s_limit);

        Assert.True(_handler.Requests.Count == 2, what);
    }

    [Fact]
    public async Task SendAsync_AttemptTimesOut_RetriedWithNewAttempt()
    {
        var handler = new AsyncHttpHandler(_time, AsyncHttpHandler.HangAsync, AsyncHttpHandler.HangAsync, (_, _) => Task.FromResult(Json(200, Running)));
        var sender = Senders.Create(handler, _time, new TestProviderOptions { RequestTimeout = TimeSpan.FromSeconds(10) });

        var response = await _time.RunAsync(sender.SendJsonAsync(HttpOperation.Status, Senders.Get()), s_step, s_limit);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, handler.Received.Count);
        Assert.True(handler.Times[1] - handler.Times[0] >= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SendAsync_Backoff_WaitsOnTheClockBetweenAttempts()
    {
        var handler = new AsyncHttpHandler(_time, (_, _) => Task.FromResult(Json(503, "{}")));
        var sender = Senders.Create(handler, _time, new TestProviderOptions { MaxRetries = 5 });

        var task = sender.SendJsonAsync(HttpOperation.Status, Senders.Get());
        Assert.Single(handler.Received); // the retry waits for the (manual) clock: nothing happens without it
        Assert.False(task.IsCompleted);
        Assert.True(_time.PendingTimers > 0);

        var ex = await _time.RunAsync(task, s_step, s_limit).ThrowsAnyAsync<VideoProviderException>();

        Assert.Equal(6, handler.Received.Count);
        var gaps = handler.Times.Zip(handler.Times.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, g => Assert.InRange(g, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30)));
        Assert.True(handler.Times[^1] - handler.Times[0] >= TimeSpan.FromSeconds(3), "exponential backoff from 1 s should add up to seconds");
        Assert.Equal(503, ex.StatusCode);
    }

    [Fact]
    public async Task SendAsync_TransientEveryTime_ThrowsTypedTransientErrorAfterMaxRetries()
    {
        OnGet(Status(502, """{"error":{"code":"bad_gateway","message":"upstream failed"}}""", ("x-request-id", "req_9")));

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(ReadAsync(), s_step, s_limit));

        Assert.Equal(4, _handler.Requests.Count); // 1 + MaxRetries
        Assert.Equal(502, ex.StatusCode);
        Assert.Equal("bad_gateway", ex.ProviderErrorCode);
        Assert.True(ex.IsTransient);
        Assert.Equal("testgw returned HTTP 502 (bad_gateway): upstream failed [request id req_9]", ex.Message);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(5, 6)]
    public async Task SendAsync_MaxRetries_BoundsAttempts(int maxRetries, int attempts)
    {
        OnGet(Status(500));

        await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(ReadAsync(new TestProviderOptions { MaxRetries = maxRetries }), s_step, s_limit));

        Assert.Equal(attempts, _handler.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_NetworkErrorEveryTime_ThrowsTransientConnectionError()
    {
        OnGet(Fail(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(ReadAsync(), s_step, s_limit));

        Assert.Equal("connection_failed", ex.ProviderErrorCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(4, _handler.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_TimeoutEveryTime_ThrowsTransientTimeoutError()
    {
        var handler = new AsyncHttpHandler(_time, AsyncHttpHandler.HangAsync);
        var sender = Senders.Create(handler, _time, new TestProviderOptions { MaxRetries = 1 });

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(sender.SendJsonAsync(HttpOperation.Status, Senders.Get()), TimeSpan.FromSeconds(1), s_limit));

        Assert.Equal("timeout", ex.ProviderErrorCode);
        Assert.True(ex.IsTransient);
        Assert.Equal("testgw did not answer in time", ex.Message);
        Assert.Equal(2, handler.Received.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task SendAsync_ClientError_NotRetried(int status)
    {
        OnGet(Status(status), Status(200, Running));

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => ReadAsync().Guarded());

        Assert.Single(_handler.Requests);
        Assert.Equal(status, ex.StatusCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task SendAsync_RetryAfterWithinAMinute_WaitedOut()
    {
        var handler = new AsyncHttpHandler(_time,
            (_, _) => Task.FromResult(Json(503, "{}", ("Retry-After", "45"))),
            (_, _) => Task.FromResult(Json(200, Running)));
        var sender = Senders.Create(handler, _time);

        await _time.RunAsync(sender.SendJsonAsync(HttpOperation.Status, Senders.Get()), s_step, s_limit);

        Assert.Equal(TimeSpan.FromSeconds(45), handler.Times[1] - handler.Times[0]); // the gateway's wish beats the 30 s backoff cap
    }

    [Fact]
    public async Task SendAsync_RetryAfterAsDate_WaitsUntilThen()
    {
        var handler = new AsyncHttpHandler(_time,
            (_, _) => Task.FromResult(Json(429, "{}", ("Retry-After", _time.GetUtcNow().AddSeconds(12).ToString("R")))),
            (_, _) => Task.FromResult(Json(200, Running)));
        var sender = Senders.Create(handler, _time);

        await _time.RunAsync(sender.SendJsonAsync(HttpOperation.Status, Senders.Get()), s_step, s_limit);

        Assert.Equal(TimeSpan.FromSeconds(12), handler.Times[1] - handler.Times[0]);
    }

    [Theory]
    [InlineData(429, "61", typeof(VideoRateLimitException))]
    [InlineData(503, "3600", typeof(VideoProviderException))]
    public async Task SendAsync_RetryAfterLongerThanAMinute_NotWaitedButReported(int status, string retryAfter, Type exceptionType)
    {
        OnGet(Status(status, "{}", ("Retry-After", retryAfter)), Status(200, Running));
        var started = _time.GetUtcNow();

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => ReadAsync().Guarded());

        Assert.IsType(exceptionType, ex);
        Assert.Single(_handler.Requests);
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture)), ex.RetryAfter);
        Assert.True(ex.IsTransient);
        Assert.Equal(started, _time.GetUtcNow());
    }

    [Fact]
    public async Task SendAsync_TransientEnvelopeInside200_Retried()
    {
        OnGet(Status(200, """{"error":{"code":"-3","message":"system busy","kind":"Transient"}}"""), Status(200, Running));

        await _time.RunAsync(ReadAsync(), s_step, s_limit);

        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_Canceled_OperationCanceledUnwrapped()
    {
        OnGet(Status(503));
        using var cts = new CancellationTokenSource();

        var task = Senders.Create(_handler, _time).SendJsonAsync(HttpOperation.Status, Senders.Get(), cts.Token);
        await cts.CancelAsync();

        var ex = await task.ThrowsAnyAsync<OperationCanceledException>();
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Single(_handler.Requests);
    }
}
