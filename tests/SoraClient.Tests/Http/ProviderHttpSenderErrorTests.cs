using System.Net;
using System.Text;
using System.Text.Json;
using SoraClient.Http;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Testing.StubHttpHandler;

namespace SoraClient.Tests.Http;

/// <summary>How responses become typed exceptions: message format, hints, body, envelopes in 2xx, unreadable JSON.</summary>
public sealed class ProviderHttpSenderErrorTests : IDisposable
{
    private const string Path = "/v1/videos/video_123";
    private readonly ManualTimeProvider _time = new();
    private readonly StubHttpHandler _handler = new();

    public void Dispose() => _handler.Dispose();

    private async Task<VideoProviderException> FailAsync(int status, string body, (string Name, string Value)[]? headers = null, ProviderErrorParser? parser = null)
    {
        _handler.On(HttpMethod.Get, Path, _ => Json(status, body, headers ?? []));
        var sender = Senders.Create(_handler, _time, new TestProviderOptions { MaxRetries = 0 }, parser);
        return await Assert.ThrowsAnyAsync<VideoProviderException>(() => sender.SendJsonAsync(HttpOperation.Status, Senders.Get()).Guarded());
    }

    // ---- message format ----

    [Fact]
    public async Task SendAsync_ErrorWithCodeAndRequestId_OneLineMessage()
    {
        var ex = await FailAsync(400, """{"error":{"code":"invalid_size","message":"Size must be 1280x720"}}""", [("x-request-id", "req_abc")]);

        Assert.Equal("testgw returned HTTP 400 (invalid_size): Size must be 1280x720 [request id req_abc]", ex.Message);
        Assert.Equal(Senders.Provider, ex.Provider);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("invalid_size", ex.ProviderErrorCode);
        Assert.Equal("req_abc", ex.RequestId);
        Assert.False(ex.IsTransient);
        Assert.Null(ex.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_ErrorWithoutCodeOrRequestId_OmitsThoseParts()
    {
        var ex = await FailAsync(400, """{"error":{"message":"Size must be 1280x720"}}""");

        Assert.Equal("testgw returned HTTP 400: Size must be 1280x720", ex.Message);
        Assert.Null(ex.ProviderErrorCode);
        Assert.Null(ex.RequestId);
    }

    [Fact]
    public async Task SendAsync_UnparsableErrorBody_FallsBackToStatusAndReason()
    {
        var ex = await FailAsync(502, "<html><body>Bad gateway</body></html>");

        Assert.Equal("testgw returned HTTP 502: Bad Gateway", ex.Message);
        Assert.Equal("<html><body>Bad gateway</body></html>", ex.ResponseBody);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task SendAsync_MultiLineMessage_FlattenedToOneLine()
    {
        var ex = await FailAsync(400, """{"error":{"code":"bad","message":"  first line\nsecond line\r\nthird  "}}""");

        Assert.Equal("testgw returned HTTP 400 (bad): first line second line third", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("x-request-id")]
    [InlineData("request-id")]
    [InlineData("apim-request-id")]
    public async Task SendAsync_RequestIdHeader_Read(string header)
    {
        var ex = await FailAsync(404, "{}", [(header, "req_42")]);

        Assert.Equal("req_42", ex.RequestId);
        Assert.EndsWith("[request id req_42]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RequestIdAndRetryAfterInBody_WinOverHeaders()
    {
        static ProviderError Parser(int status, ProviderAnswer answer) =>
            new(ProviderErrorKind.RateLimit, "busy", "queue full") { RequestId = "body_req", RetryAfter = TimeSpan.FromSeconds(3) };

        var ex = await FailAsync(429, "{}", [("x-request-id", "header_req"), ("Retry-After", "20")], Parser);

        Assert.Equal("body_req", ex.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
    }

    [Fact]
    public void Format_NoStatus_SaysAnError()
    {
        var sender = Senders.Create(_handler, _time);

        Assert.Equal("testgw returned an error (e1): broken", sender.Format(null, "e1", "broken", null));
    }

    // ---- type, IsTransient and RetryAfter per meaning ----

    [Theory]
    [InlineData(400, null, typeof(VideoProviderException), false)]
    [InlineData(401, null, typeof(VideoAuthenticationException), false)]
    [InlineData(403, null, typeof(VideoAuthenticationException), false)]
    [InlineData(402, null, typeof(VideoQuotaExceededException), false)]
    [InlineData(404, null, typeof(VideoJobNotFoundException), false)]
    [InlineData(410, null, typeof(VideoJobNotFoundException), false)]
    [InlineData(408, null, typeof(VideoProviderException), true)]
    [InlineData(409, null, typeof(VideoProviderException), true)]
    [InlineData(429, null, typeof(VideoRateLimitException), true)]
    [InlineData(500, null, typeof(VideoProviderException), true)]
    [InlineData(503, null, typeof(VideoProviderException), true)]
    [InlineData(429, "Quota", typeof(VideoQuotaExceededException), false)]
    [InlineData(400, "ContentPolicy", typeof(VideoContentPolicyException), false)]
    [InlineData(400, "Unknown", typeof(VideoProviderException), false)]
    public async Task SendAsync_ErrorKind_DecidesTypeAndTransience(int status, string? kind, Type type, bool transient)
    {
        var body = kind is null ? "{}" : $$$"""{"error":{"code":"c","message":"m","kind":"{{{kind}}}"}}""";

        var ex = await FailAsync(status, body);

        Assert.IsType(type, ex);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(status, ex.StatusCode);
    }

    [Theory]
    [InlineData(429, "Retry-After", "7", 7000)]
    [InlineData(429, "retry-after-ms", "250", 250)]
    [InlineData(503, "Retry-After", "5", 5000)]
    [InlineData(402, "Retry-After", "30", 30000)]
    public async Task SendAsync_RetryAfterHeader_Reported(int status, string header, string value, int milliseconds)
    {
        var ex = await FailAsync(status, "{}", [(header, value)]);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ex.RetryAfter);
    }

    // ---- response body ----

    [Fact]
    public async Task SendAsync_LargeErrorBody_ResponseBodyTruncatedToFourKilobytes()
    {
        var body = $$$"""{"error":{"code":"big","message":"{{{new string('x', 10_000)}}}"}}""";

        var ex = await FailAsync(400, body);

        Assert.Equal(4096 + "...".Length, ex.ResponseBody!.Length);
        Assert.StartsWith("""{"error":{"code":"big","message":"xxx""", ex.ResponseBody, StringComparison.Ordinal);
        Assert.EndsWith("x...", ex.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_HugeErrorBody_ReadOnlyUpToLimit()
    {
        var huge = new ScriptedStream(Encoding.UTF8.GetBytes(new string('y', 10 * 1024 * 1024)));
        _handler.On(HttpMethod.Get, Path, _ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StreamContent(huge) });
        var sender = Senders.Create(_handler, _time, new TestProviderOptions { MaxRetries = 0 });

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => sender.SendStreamingAsync(HttpOperation.Status, Senders.Get(), CancellationToken.None).Guarded());

        Assert.InRange(huge.Position, 1, 64 * 1024); // a streamed error body is not read to its end
        Assert.Equal(4099, ex.ResponseBody!.Length);
    }

    [Fact]
    public async Task SendAsync_SmallErrorBody_KeptWhole()
    {
        const string Body = """{"error":{"code":"invalid_size","message":"Size must be 1280x720"}}""";

        var ex = await FailAsync(400, Body);

        Assert.Equal(Body, ex.ResponseBody);
    }

    // ---- error envelopes inside HTTP 200 ----

    [Theory]
    [InlineData("Quota", typeof(VideoQuotaExceededException))]
    [InlineData("ContentPolicy", typeof(VideoContentPolicyException))]
    [InlineData("Authentication", typeof(VideoAuthenticationException))]
    [InlineData("NotFound", typeof(VideoJobNotFoundException))]
    [InlineData("InvalidRequest", typeof(VideoProviderException))]
    public async Task SendAsync_ErrorEnvelopeInside200_BecomesTypedException(string kind, Type type)
    {
        var ex = await FailAsync(200, $$$"""{"code":-1,"error":{"code":"-1","message":"credits exhausted","kind":"{{{kind}}}"}}""", [("x-request-id", "req_1")]);

        Assert.IsType(type, ex);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("-1", ex.ProviderErrorCode);
        Assert.Equal("testgw returned HTTP 200 (-1): credits exhausted [request id req_1]", ex.Message);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task SendAsync_2xxWithoutEnvelope_ReturnsParsedBodyAndHints()
    {
        _handler.On(HttpMethod.Get, Path, _ => Json(200, """{"id":"video_123"}""", ("x-request-id", "req_ok"), ("openai-poll-after-ms", "1500")));
        var sender = Senders.Create(_handler, _time);

        var response = await sender.SendJsonAsync(HttpOperation.Status, Senders.Get()).Guarded();

        Assert.Equal("video_123", response.Value.GetProperty("id").GetString());
        Assert.Equal("req_ok", response.RequestId);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), response.PollAfter);
    }

    [Fact]
    public async Task SendAsync_AnAdaptersOwnHintHeaders_AreReadOnlyWhenTheAdapterNamesThem()
    {
        _handler.On(HttpMethod.Get, Path, _ => Json(200, """{"id":"video_123"}""", ("apim-request-id", "req_azure"), ("openai-poll-after-ms", "1500")));
        var sender = Senders.Create(_handler, _time, headers: ProviderHeaders.Standard);

        var response = await sender.SendJsonAsync(HttpOperation.Status, Senders.Get()).Guarded();

        Assert.Null(response.RequestId);
        Assert.Null(response.PollAfter);
    }

    [Fact]
    public async Task SendAsync_2xxWithRetryAfterOnly_PollAfterFromRetryAfter()
    {
        _handler.On(HttpMethod.Get, Path, _ => Json(200, """{"id":"video_123"}""", ("Retry-After", "4")));

        var response = await Senders.Create(_handler, _time).SendJsonAsync(HttpOperation.Status, Senders.Get()).Guarded();

        Assert.Equal(TimeSpan.FromSeconds(4), response.PollAfter);
    }

    // ---- unreadable responses ----

    [Theory]
    [InlineData("{\"id\":\"video_1\"")]
    [InlineData("<html>maintenance</html>")]
    [InlineData("")]
    public async Task SendAsync_MalformedJsonIn2xx_InvalidResponseNotJsonException(string body)
    {
        _handler.On(HttpMethod.Get, Path, _ => Json(200, body, ("x-request-id", "req_bad")));
        var sender = Senders.Create(_handler, _time);

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => sender.SendJsonAsync(HttpOperation.Status, Senders.Get()).Guarded());

        Assert.Equal("invalid_response", ex.ProviderErrorCode);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("req_bad", ex.RequestId);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
        Assert.Equal(body, ex.ResponseBody);
        Assert.Equal("testgw returned HTTP 200 (invalid_response): the response could not be read as the documented JSON [request id req_bad]", ex.Message);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task SendAsync_JsonNull_InvalidResponse()
    {
        _handler.On(HttpMethod.Get, Path, _ => Json(200, "null"));
        var sender = Senders.Create(_handler, _time);

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => sender.SendAsync(HttpOperation.Status, Senders.Get(), TestJsonContext.Default.TestDto, CancellationToken.None).Guarded());

        Assert.Equal("invalid_response", ex.ProviderErrorCode);
    }

    [Fact]
    public async Task SendAsync_WrongJsonShape_InvalidResponse()
    {
        _handler.On(HttpMethod.Get, Path, _ => Json(200, """{"id":42}"""));
        var sender = Senders.Create(_handler, _time);

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => sender.SendAsync(HttpOperation.Status, Senders.Get(), TestJsonContext.Default.TestDto, CancellationToken.None).Guarded());

        Assert.Equal("invalid_response", ex.ProviderErrorCode);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }

    // ---- streaming responses ----

    [Fact]
    public async Task SendStreamingAsync_Success_ReturnsOpenResponse()
    {
        var body = new ScriptedStream("event: progress\n\n"u8.ToArray());
        _handler.On(HttpMethod.Get, Path, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });

        using var response = await Senders.Create(_handler, _time).SendStreamingAsync(HttpOperation.Status, Senders.Get(), CancellationToken.None).Guarded();

        Assert.Equal(0, body.Position); // not buffered
        Assert.Equal("event: progress\n\n", await response.Content.ReadAsStringAsync());
    }
}
