using System.Net;
using SoraClient.Http;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Testing.StubHttpHandler;

namespace SoraClient.Tests.Http;

/// <summary>The submit pipeline creates billed jobs: it retries only when the gateway provably did not take the request.</summary>
public sealed class ProviderHttpSenderSubmitTests : IDisposable
{
    private const string Created = """{"id":"video_1","status":"queued"}""";
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(10);
    private readonly ManualTimeProvider _time = new();
    private readonly StubHttpHandler _handler = new();

    public void Dispose() => _handler.Dispose();

    private ProviderHttpSender Sender(VideoProviderOptions? options = null) => Senders.Create(_handler, _time, options);

    private StubHttpHandler OnPost(params Func<HttpRequestMessage, HttpResponseMessage>[] responses) => _handler.On(HttpMethod.Post, "/v1/videos", responses);

    private Task<ProviderResponse<System.Text.Json.JsonElement>> SubmitAsync(ProviderHttpSender? sender = null, CancellationToken cancellationToken = default) =>
        (sender ?? Sender()).SendJsonAsync(HttpOperation.Submit, Senders.Post(), cancellationToken);

    private static Func<HttpRequestMessage, HttpResponseMessage> Status(int status, string json = "{}", params (string Name, string Value)[] headers) =>
        _ => Json(status, json, headers);

    private static Func<HttpRequestMessage, HttpResponseMessage> Fail(Exception exception) => _ => throw exception;

    // ---- retried: provably not accepted ----

    [Theory]
    [InlineData(HttpRequestError.ConnectionError)]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    public async Task SendAsync_ConnectFailureBeforeSending_Retried(HttpRequestError error)
    {
        OnPost(Fail(Senders.ConnectFailure(error)), Fail(Senders.ConnectFailure(error)), Status(200, Created));

        var response = await _time.RunAsync(SubmitAsync(), s_step, s_limit);

        Assert.Equal("video_1", response.Value.GetProperty("id").GetString());
        Assert.Equal(3, _handler.Requests.Count);
        Assert.All(_handler.Requests, r => Assert.Equal("""{"prompt":"a cat"}""", r.BodyText)); // a fresh body each attempt
    }

    [Fact]
    public async Task SendAsync_ConnectFailureEveryTime_GivesUpAfterMaxRetriesAsTransientError()
    {
        OnPost(Fail(Senders.ConnectFailure()));

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(SubmitAsync(), s_step, s_limit));

        Assert.Equal(4, _handler.Requests.Count); // 1 + MaxRetries (3)
        Assert.Equal("connection_failed", ex.ProviderErrorCode);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.StartsWith("testgw could not be reached: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ConnectFailureWithNoRetries_TriedOnce()
    {
        OnPost(Fail(Senders.ConnectFailure()), Status(200, Created));

        await Assert.ThrowsAsync<VideoProviderException>(() => SubmitAsync(Sender(new TestProviderOptions { MaxRetries = 0 })).Guarded());

        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task SendAsync_RateLimited_RetriedAfterRetryAfterSeconds()
    {
        var handler = new AsyncHttpHandler(_time,
            (_, _) => Task.FromResult(Json(429, """{"error":{"code":"rate_limit_exceeded","message":"slow down"}}""", ("Retry-After", "7"))),
            (_, _) => Task.FromResult(Json(200, Created)));
        var sender = Senders.Create(handler, _time);

        await _time.RunAsync(sender.SendJsonAsync(HttpOperation.Submit, Senders.Post()), s_step, s_limit);

        Assert.Equal(2, handler.Times.Count);
        Assert.Equal(TimeSpan.FromSeconds(7), handler.Times[1] - handler.Times[0]);
    }

    [Fact]
    public async Task SendAsync_RateLimited_RetriedAfterRetryAfterMilliseconds()
    {
        var handler = new AsyncHttpHandler(_time,
            (_, _) => Task.FromResult(Json(429, "{}", ("retry-after-ms", "1500"), ("Retry-After", "9"))),
            (_, _) => Task.FromResult(Json(200, Created)));
        var sender = Senders.Create(handler, _time);

        await _time.RunAsync(sender.SendJsonAsync(HttpOperation.Submit, Senders.Post()), TimeSpan.FromMilliseconds(10), s_limit);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), handler.Times[1] - handler.Times[0]); // the precise header wins
    }

    [Theory]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task SendAsync_NotAcceptedStatus_Retried(int status)
    {
        OnPost(Status(status), Status(status), Status(200, Created));

        var response = await _time.RunAsync(SubmitAsync(), s_step, s_limit);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_BusyEnvelopeInside200_Retried()
    {
        OnPost(Status(200, """{"error":{"code":"-2","message":"busy, try later","kind":"RateLimit"}}"""), Status(200, Created));

        var response = await _time.RunAsync(SubmitAsync(), s_step, s_limit);

        Assert.Equal("video_1", response.Value.GetProperty("id").GetString());
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_NotAcceptedEveryTime_ThrowsTypedErrorAfterMaxRetries()
    {
        OnPost(Status(503, """{"error":{"code":"overloaded","message":"try later"}}"""));

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => _time.RunAsync(SubmitAsync(), s_step, s_limit));

        Assert.Equal(4, _handler.Requests.Count);
        Assert.Equal(503, ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    // ---- not retried: refused ----

    [Fact]
    public async Task SendAsync_QuotaErrorAs429_NotRetried()
    {
        OnPost(Status(429, """{"error":{"code":"insufficient_quota","message":"Your balance is too low","kind":"Quota"}}"""), Status(200, Created));

        var ex = await Assert.ThrowsAsync<VideoQuotaExceededException>(() => SubmitAsync().Guarded());

        Assert.Single(_handler.Requests);
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal("insufficient_quota", ex.ProviderErrorCode);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData(400, typeof(VideoProviderException))]
    [InlineData(401, typeof(VideoAuthenticationException))]
    [InlineData(403, typeof(VideoAuthenticationException))]
    [InlineData(404, typeof(VideoProviderException))] // a wrong endpoint, not a missing job
    [InlineData(402, typeof(VideoQuotaExceededException))]
    [InlineData(422, typeof(VideoProviderException))]
    public async Task SendAsync_ClientError_NotRetried(int status, Type exceptionType)
    {
        OnPost(Status(status), Status(200, Created));

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => SubmitAsync().Guarded());

        Assert.IsType(exceptionType, ex);
        Assert.Equal(status, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task SendAsync_ContentPolicyRefusal_NotRetried()
    {
        OnPost(Status(400, """{"error":{"code":"moderation_blocked","message":"blocked","kind":"ContentPolicy"}}"""), Status(200, Created));

        await Assert.ThrowsAsync<VideoContentPolicyException>(() => SubmitAsync().Guarded());

        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task SendAsync_RetryAfterLongerThanAMinute_NotWaitedButReported()
    {
        OnPost(Status(429, "{}", ("Retry-After", "600")), Status(200, Created));

        var ex = await Assert.ThrowsAsync<VideoRateLimitException>(() => SubmitAsync().Guarded());

        Assert.Single(_handler.Requests);
        Assert.Equal(TimeSpan.FromMinutes(10), ex.RetryAfter);
        Assert.True(ex.IsTransient);
    }

    // ---- uncertain: the request may have created a job ----

    [Theory]
    [InlineData(500)]
    [InlineData(501)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(520)]
    [InlineData(524)] // Cloudflare: the origin got the request but did not answer in time
    public async Task SendAsync_ServerErrorAfterSending_UncertainAndSentOnce(int status)
    {
        OnPost(Status(status, """{"error":{"code":"server_error","message":"oops"}}"""), Status(200, Created));

        var ex = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => _time.RunAsync(SubmitAsync(), s_step, s_limit));

        Assert.Single(_handler.Requests);
        Assert.Equal(Senders.Provider, ex.Provider);
        Assert.Contains($"HTTP {status}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("may exist and be billed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(status, Assert.IsAssignableFrom<VideoProviderException>(ex.InnerException).StatusCode);
    }

    public static TheoryData<string, Exception> FailuresAfterSending => new()
    {
        { "response ended", new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.") },
        { "unknown http error", new HttpRequestException("An error occurred while sending the request.") },
        { "invalid response", new HttpRequestException(HttpRequestError.InvalidResponse, "bad status line") },
        { "io", new IOException("Unable to read data from the transport connection: Connection reset by peer.") },
    };

    [Theory]
    [MemberData(nameof(FailuresAfterSending))]
    public async Task SendAsync_ConnectionLostAfterSending_UncertainAndSentOnce(string what, Exception failure)
    {
        OnPost(Fail(failure), Status(200, Created));

        var ex = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => _time.RunAsync(SubmitAsync(), s_step, s_limit));

        Assert.True(_handler.Requests.Count == 1, what);
        Assert.Same(failure, ex.InnerException);
        Assert.Contains("the connection failed after sending", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_BodyCutWhileReading_UncertainAndSentOnce()
    {
        OnPost(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ScriptedStream("""{"id":"vid"""u8.ToArray()) { FailAt = 5 }) },
            Status(200, Created));

        var ex = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => _time.RunAsync(SubmitAsync(), s_step, s_limit));

        Assert.Single(_handler.Requests);
        Assert.NotNull(ex.InnerException);
    }

    [Theory]
    [InlineData("{\"id\":\"video_1\"")]
    [InlineData("<html>created</html>")]
    [InlineData("")]
    public async Task SendAsync_UnreadableAnswerIn2xx_UncertainNotTransient(string body)
    {
        // The gateway accepted the create request (2xx), so the job exists and is billed even though its id is lost:
        // reporting a transient error would invite a second, billed submit.
        OnPost(Status(200, body), Status(200, Created));

        var ex = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => SubmitAsync().Guarded());

        Assert.Single(_handler.Requests);
        Assert.Contains("may exist and be billed", ex.Message, StringComparison.Ordinal);
        var inner = Assert.IsAssignableFrom<VideoProviderException>(ex.InnerException);
        Assert.Equal("invalid_response", inner.ProviderErrorCode);
        Assert.Equal(body, inner.ResponseBody);
    }

    [Fact]
    public async Task SendAsync_AttemptTimesOut_UncertainAndSentOnce()
    {
        var handler = new AsyncHttpHandler(_time, AsyncHttpHandler.HangAsync, (_, _) => Task.FromResult(Json(200, Created)));
        var sender = Senders.Create(handler, _time, new TestProviderOptions { RequestTimeout = TimeSpan.FromSeconds(20) });

        var ex = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() =>
            _time.RunAsync(sender.SendJsonAsync(HttpOperation.Submit, Senders.Post()), s_step, s_limit));

        Assert.Single(handler.Received);
        Assert.Contains("no answer in time", ex.Message, StringComparison.Ordinal);
        Assert.InRange(_time.GetUtcNow() - handler.Times[0], TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20.5)); // the options' limit, not the default 100 s
    }

    // ---- cancellation ----

    [Fact]
    public async Task SendAsync_CanceledWhileWaitingForAnswer_OperationCanceledUnwrapped()
    {
        var handler = new AsyncHttpHandler(_time, AsyncHttpHandler.HangAsync);
        var sender = Senders.Create(handler, _time);
        using var cts = new CancellationTokenSource();

        var task = sender.SendJsonAsync(HttpOperation.Submit, Senders.Post(), cts.Token);
        await cts.CancelAsync();

        var ex = await task.ThrowsAnyAsync<OperationCanceledException>();
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Single(handler.Received);
    }

    [Fact]
    public async Task SendAsync_CanceledDuringRetryDelay_OperationCanceledAndNoMoreAttempts()
    {
        OnPost(Fail(Senders.ConnectFailure()));
        using var cts = new CancellationTokenSource();

        var task = SubmitAsync(cancellationToken: cts.Token);
        Assert.False(task.IsCompleted); // waiting out the first retry delay on the manual clock
        await cts.CancelAsync();

        await task.ThrowsAnyAsync<OperationCanceledException>();
        Assert.Single(_handler.Requests);
    }
}
