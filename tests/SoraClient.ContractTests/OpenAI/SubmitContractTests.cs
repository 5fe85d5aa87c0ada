using SoraClient.ContractTests.Harness;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.OpenAI;

/// <summary>
/// The create call over the wire: retried only when the gateway provably did not take it, otherwise exactly one POST
/// reaches WireMock, whatever the failure (a job created twice is billed twice).
/// </summary>
public sealed class SubmitContractTests : OpenAIContractTest
{
    private static readonly VideoGenerationRequest s_request = new("A calico cat playing a piano on stage") { DurationSeconds = 8, AspectRatio = VideoAspectRatio.Landscape };

    [Theory]
    [InlineData(NetworkFault.ConnectionResetByPeer, 0, false)]
    [InlineData(NetworkFault.ConnectionResetByPeer, 3, false)]
    [InlineData(NetworkFault.ConnectionResetByPeer, 3, true)]
    [InlineData(NetworkFault.EmptyResponse, 3, false)]
    [InlineData(NetworkFault.EmptyResponse, 3, true)]
    [InlineData(NetworkFault.RandomDataThenClose, 3, true)]
    [InlineData(NetworkFault.MalformedResponseChunk, 3, true)]
    public async Task A_connection_failure_after_the_create_was_sent_is_uncertain_and_never_sent_twice(NetworkFault fault, int maxRetries, bool reusedConnection)
    {
        WireMock.Given(On("POST", VideosPath)).RespondWith(Json(200, VideoJson("queued", 0)).WithNetworkFault(fault));
        WireMock.Given(On("GET", JobPath)).RespondWith(Json(200, VideoJson("queued", 0)));
        using var generator = CreateGenerator(o => o.MaxRetries = maxRetries);
        if (reusedConnection)
        {
            await generator.GetJobAsync(JobId, Guard); // leaves a kept-alive connection in the pool, as polling does
        }

        var error = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.SubmitAsync(s_request, cancellationToken: Guard));

        Assert.Equal(ProviderName, error.Provider);
        Assert.True(error.InnerException is HttpRequestException or IOException, $"inner: {error.InnerException}"); // IOException: cut while the body was read
        Assert.Equal(1, WireMock.Count("POST", VideosPath));
        Assert.Empty(Clock.NonZeroWaits);
    }

    [Fact]
    public async Task A_503_on_create_is_retried_and_exactly_one_job_is_created()
    {
        WireMock.GivenSequence("create", On("POST", VideosPath),
            Json(503, ErrorJson("The engine is currently overloaded, please try again later", "server_error", null)),
            Json(200, VideoJson("queued", 0, id: "video_from_the_200")),
            Json(200, VideoJson("queued", 0, id: "video_a_second_job")));
        using var generator = CreateGenerator();

        var job = await generator.SubmitAsync(s_request, cancellationToken: Guard);

        Assert.Equal("video_from_the_200", job.Id);
        var posts = WireMock.Requests("POST", VideosPath);
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].BodyText(), posts[1].BodyText()); // the same request, sent again
        Assert.Equal("step 3", WireMock.ScenarioState("create")); // the 503, then the 200, nothing after
        Assert.Single(Clock.NonZeroWaits); // one backoff (fast-forwarded)
    }

    [Fact]
    public async Task A_429_rate_limit_on_create_is_retried_after_its_Retry_After()
    {
        WireMock.GivenSequence("create", On("POST", VideosPath),
            Json(429, ErrorJson("Rate limit reached for requests", "requests", "rate_limit_exceeded")).WithHeader("Retry-After", "7"),
            Json(200, VideoJson("queued", 0)));
        using var generator = CreateGenerator();

        var job = await generator.SubmitAsync(s_request, cancellationToken: Guard);

        Assert.Equal(JobId, job.Id);
        Assert.Equal(2, WireMock.Count("POST", VideosPath));
        Assert.Equal([TimeSpan.FromSeconds(7)], Clock.NonZeroWaits);
    }

    [Fact]
    public async Task A_429_for_an_empty_balance_is_a_quota_error_and_not_retried()
    {
        WireMock.Given(On("POST", VideosPath)).RespondWith(
            Json(429, ErrorJson("用户余额不足 (insufficient user balance), please top up", "new_api_error", "insufficient_user_quota"))
                .WithHeader("x-request-id", "req_quota").WithHeader("Retry-After", "1"));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoQuotaExceededException>(() => generator.SubmitAsync(s_request, cancellationToken: Guard));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal("insufficient_user_quota", error.ProviderErrorCode);
        Assert.Equal("req_quota", error.RequestId);
        Assert.Equal(1, WireMock.Count("POST", VideosPath));
        Assert.Empty(Clock.NonZeroWaits);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task A_5xx_other_than_503_on_create_is_uncertain_and_not_retried(int status)
    {
        WireMock.Given(On("POST", VideosPath)).RespondWith(Json(status, ErrorJson("The server had an error while processing your request", "server_error", null)));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.SubmitAsync(s_request, cancellationToken: Guard));

        Assert.Equal(status, Assert.IsType<VideoProviderException>(error.InnerException, exactMatch: false).StatusCode);
        Assert.Equal(1, WireMock.Count("POST", VideosPath));
        Assert.Empty(Clock.NonZeroWaits);
    }

    [Fact]
    public async Task A_create_that_gets_no_answer_in_time_is_uncertain_and_never_sent_twice()
    {
        // the stub holds the answer for 20 s; the per-attempt limit (30 min on the test clock) is fired by hand once the stub has the request
        WireMock.Given(On("POST", VideosPath)).RespondWith(Json(200, VideoJson("queued", 0)).WithDelay(TimeSpan.FromSeconds(20)));
        using var generator = CreateGenerator(o => o.RequestTimeout = TimeSpan.FromMinutes(30));

        var timeOut = FireTheAttemptTimeoutOnceTheStubHasTheRequestAsync();
        var error = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.SubmitAsync(s_request, cancellationToken: Guard));
        await timeOut;

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
        Assert.Equal(1, WireMock.Arrivals("POST", VideosPath)); // the answer is still held: not in WireMock.Net's log yet
        Assert.Equal(1, Sends.Count("POST", VideosPath));
    }

    private async Task FireTheAttemptTimeoutOnceTheStubHasTheRequestAsync()
    {
        while (WireMock.Arrivals("POST", VideosPath) == 0)
        {
            await Task.Delay(20, Guard);
        }

        Clock.Time.Advance(TimeSpan.FromMinutes(30));
    }
}
