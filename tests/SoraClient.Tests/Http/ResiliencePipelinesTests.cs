using Polly.Timeout;
using SoraClient.Http;

namespace SoraClient.Tests.Http;

public class ResiliencePipelinesTests
{
    private static VideoProviderException Status(int status, bool transient = false, TimeSpan? retryAfter = null) =>
        new("testgw", $"HTTP {status}", status) { IsTransient = transient, RetryAfter = retryAfter };

    public static TheoryData<string, Exception, bool> SubmitCases => new()
    {
        { "connection refused", new HttpRequestException(HttpRequestError.ConnectionError, "refused"), true },
        { "dns", new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), true },
        { "tls", new HttpRequestException(HttpRequestError.SecureConnectionError, "handshake"), true },
        { "proxy", new HttpRequestException(HttpRequestError.ProxyTunnelError, "proxy"), true },
        { "response ended", new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), false },
        { "unknown http error", new HttpRequestException("error"), false },
        { "io", new IOException("reset"), false },
        { "attempt timeout", new TimeoutRejectedException(), false },
        { "client timeout", new TaskCanceledException("timeout", new TimeoutException()), false },
        { "429", new VideoRateLimitException("testgw", "HTTP 429", 429) { IsTransient = true }, true },
        { "busy envelope in 200", new VideoRateLimitException("testgw", "busy", 200) { IsTransient = true }, true },
        { "429 for quota", new VideoQuotaExceededException("testgw", "balance", 429), false },
        { "503", Status(503, transient: true), true },
        { "408", Status(408, transient: true), true },
        { "500", Status(500, transient: true), false },
        { "502", Status(502, transient: true), false },
        { "504", Status(504, transient: true), false },
        { "400", Status(400), false },
        { "401", new VideoAuthenticationException("testgw", "HTTP 401", 401), false },
        { "content policy", new VideoContentPolicyException("testgw", "blocked", 400), false },
        { "503 asking for 2 minutes", Status(503, transient: true, TimeSpan.FromMinutes(2)), false },
        { "429 asking for 61 s", new VideoRateLimitException("testgw", "HTTP 429", 429) { RetryAfter = TimeSpan.FromSeconds(61) }, false },
        { "429 asking for 60 s", new VideoRateLimitException("testgw", "HTTP 429", 429) { RetryAfter = TimeSpan.FromSeconds(60) }, true },
        { "a bug", new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(SubmitCases))]
    public void ShouldRetry_Submit_OnlyWhenProvablyNotAccepted(string what, Exception exception, bool expected) =>
        Assert.True(expected == ResiliencePipelines.ShouldRetry(HttpOperation.Submit, exception), what);

    public static TheoryData<string, Exception, bool> StatusCases => new()
    {
        { "connection refused", new HttpRequestException(HttpRequestError.ConnectionError, "refused"), true },
        { "response ended", new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), true },
        { "io", new IOException("reset"), true },
        { "attempt timeout", new TimeoutRejectedException(), true },
        { "client timeout", new TaskCanceledException("timeout", new TimeoutException()), true },
        { "other cancellation", new TaskCanceledException("canceled"), false },
        { "transient 500", Status(500, transient: true), true },
        { "transient 429", new VideoRateLimitException("testgw", "HTTP 429", 429) { IsTransient = true }, true },
        { "permanent 400", Status(400), false },
        { "not found", new VideoJobNotFoundException("testgw", "gone", 404), false },
        { "transient asking for 5 minutes", Status(503, transient: true, TimeSpan.FromMinutes(5)), false },
        { "a bug", new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(StatusCases))]
    public void ShouldRetry_StatusAndDownload_OnTransientFailures(string what, Exception exception, bool expected)
    {
        Assert.True(expected == ResiliencePipelines.ShouldRetry(HttpOperation.Status, exception), what);
        Assert.True(expected == ResiliencePipelines.ShouldRetry(HttpOperation.Download, exception), what);
    }

    [Fact]
    public void MaxHonouredRetryAfter_IsOneMinute() =>
        Assert.Equal(TimeSpan.FromSeconds(60), ResiliencePipelines.MaxHonouredRetryAfter);
}
