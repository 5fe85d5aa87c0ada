using SoraClient.Download;
using SoraClient.Http;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Testing.StubHttpHandler;

namespace SoraClient.Tests.Http;

/// <summary>
/// End to end through the sender: a gateway that echoes the API key and an Authorization header in its error bodies
/// must not get the key into any log entry (Trace included), exception message, ToString() or ResponseBody.
/// </summary>
public sealed class SecretLeakTests : IDisposable
{
    private const string Key = TestProviderOptions.Key;
    private static readonly string s_echo =
        $$$"""{"error":{"code":"invalid_api_key","message":"Incorrect API key provided: {{{Key}}}. Request had 'Authorization: Bearer {{{Key}}}'.","kind":"Authentication"}}""";

    private readonly ManualTimeProvider _time = new();
    private readonly StubHttpHandler _handler = new();
    private readonly TestLoggerProvider _logs = new();

    public void Dispose()
    {
        _handler.Dispose();
        _logs.Dispose();
    }

    private ProviderHttpSender Sender() => Senders.Create(_handler, _time, logger: _logs.CreateLogger("SoraClient.Http"));

    public static TheoryData<string, int, string> EchoingFailures => new()
    {
        { "401 echoing the key", 401, s_echo },
        { "429 echoing the key", 429, s_echo.Replace("Authentication", "RateLimit", StringComparison.Ordinal) },
        { "500 echoing the key", 500, s_echo.Replace("Authentication", "Transient", StringComparison.Ordinal) },
        { "html page echoing the header", 502, $"<pre>Authorization: Bearer {Key}</pre>" },
        { "envelope in 200", 200, s_echo },
        { "malformed 200", 200, $"{{\"id\": \"x\", \"echo\": \"Bearer {Key}\"" },
    };

    [Theory]
    [MemberData(nameof(EchoingFailures))]
    public async Task Status_GatewayEchoesKey_KeyNowhere(string what, int status, string body)
    {
        _handler.On(HttpMethod.Get, "/v1/videos/video_123", _ => Json(status, body, ("x-request-id", "req_1")));

        var ex = await _time.RunAsync(Sender().SendJsonAsync(HttpOperation.Status, Senders.Get()), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10))
            .ThrowsAnyAsync<VideoProviderException>();

        AssertNoKey(what, ex);
        Assert.Contains("[REDACTED]", ex.ResponseBody ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EchoingFailures))]
    public async Task Submit_GatewayEchoesKey_KeyNowhere(string what, int status, string body)
    {
        _handler.On(HttpMethod.Post, "/v1/videos", _ => Json(status, body));

        var ex = await _time.RunAsync(Sender().SendJsonAsync(HttpOperation.Submit, Senders.Post()), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10))
            .ThrowsAnyAsync<VideoGenerationException>();

        AssertNoKey(what, ex);
    }

    [Fact]
    public async Task Download_GatewayEchoesKey_KeyNowhere()
    {
        _handler.On(HttpMethod.Get, "/v1/videos/video_123/content", _ => Json(403, s_echo));

        var ex = await Assert.ThrowsAsync<VideoAuthenticationException>(() => Sender().OpenContentAsync(Senders.Get("/v1/videos/video_123/content"), CancellationToken.None).Guarded());

        AssertNoKey("download", ex);
    }

    [Fact]
    public async Task Connection_ErrorMessageCarriesKey_KeyNowhere()
    {
        _handler.On(HttpMethod.Get, "/v1/videos/video_123", _ => throw new HttpRequestException(HttpRequestError.ConnectionError, $"proxy refused request with Authorization: Bearer {Key}"));

        var ex = await _time.RunAsync(Sender().SendJsonAsync(HttpOperation.Status, Senders.Get()), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10))
            .ThrowsAnyAsync<VideoProviderException>();

        AssertNoKey("connection", ex);
    }

    [Fact]
    public async Task Success_LoggedAtTrace_KeyNowhere()
    {
        _handler.On(HttpMethod.Get, "/v1/videos/video_123", _ => Json(200, $$"""{"id":"video_123","echo":"{{Key}}"}"""));

        var response = await Sender().SendJsonAsync(HttpOperation.Status, Senders.Get());

        Assert.Equal($"Bearer {Key}", _handler.Requests[0].Header("Authorization")); // it was sent to the gateway...
        Assert.NotEmpty(_logs.Entries); // ...and the call was logged...
        Assert.DoesNotContain(Key, _logs.AllText, StringComparison.Ordinal); // ...without the key
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task ThroughLoggingMiddleware_FailureLogged_KeyNowhere()
    {
        _handler.On(HttpMethod.Get, "/v1/videos/video_123", _ => Json(401, s_echo));
        var sender = Sender();
        using var inner = new TestVideoGenerator
        {
            GetJobAsyncCallback = async (_, ct) =>
            {
                await sender.SendJsonAsync(HttpOperation.Status, Senders.Get(), ct).Guarded();
                throw new InvalidOperationException("unreachable");
            },
        };
        using var generator = inner.AsBuilder().UseLogging(_logs).Build();

        var ex = await Assert.ThrowsAsync<VideoAuthenticationException>(() => generator.GetJobAsync("video_123").Guarded());

        AssertNoKey("middleware", ex);
        Assert.Contains(_logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains("GetJobAsync failed", StringComparison.Ordinal));
    }

    private void AssertNoKey(string what, Exception ex)
    {
        Assert.NotEmpty(_logs.Entries);
        foreach (var (place, text) in Places(ex))
        {
            Assert.False(text.Contains(Key, StringComparison.Ordinal), $"{what}: the key leaked into {place}: {text}");
            Assert.False(text.Contains("1234567890abcdef", StringComparison.Ordinal), $"{what}: part of the key leaked into {place}: {text}");
        }
    }

    private IEnumerable<(string Place, string Text)> Places(Exception ex)
    {
        yield return ("the log", _logs.AllText);
        for (var e = ex; e is not null; e = e.InnerException)
        {
            yield return ($"{e.GetType().Name}.Message", e.Message);
            yield return ($"{e.GetType().Name}.ToString()", e.ToString());
            if (e is VideoProviderException { ResponseBody: { } body })
            {
                yield return ($"{e.GetType().Name}.ResponseBody", body);
            }
        }
    }
}
