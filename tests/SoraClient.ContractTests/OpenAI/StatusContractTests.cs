using System.Globalization;
using SoraClient.ContractTests.Harness;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.OpenAI;

/// <summary>Status reads over the wire: retried by the status pipeline on throttling and network faults, honouring the server's delay.</summary>
public sealed class StatusContractTests : OpenAIContractTest
{
    [Theory]
    [InlineData("Retry-After", "7", 7.0)]
    [InlineData("retry-after-ms", "1500", 1.5)]
    [InlineData("Retry-After", "date+9", 9.0)]
    public async Task A_429_on_a_poll_is_retried_after_the_servers_delay_and_the_wait_completes(string header, string value, double expectedSeconds)
    {
        if (value == "date+9")
        {
            value = Clock.Time.GetUtcNow().AddSeconds(9).ToString("R", CultureInfo.InvariantCulture);
        }

        WireMock.GivenSequence("job", On("GET", JobPath),
            Json(429, ErrorJson("Rate limit reached for requests", "requests", "rate_limit_exceeded")).WithHeader(header, value),
            Json(200, VideoJson("in_progress", 50)).WithHeader("openai-poll-after-ms", "2500"),
            Json(200, VideoJson("completed", 100)));
        using var generator = CreateGenerator();

        // no failure is tolerated by the waiter, so the 429 must have been absorbed by the status pipeline
        var job = await generator.WaitForCompletionAsync(JobId, new VideoWaitOptions { MaxConsecutiveFailures = 0 }, cancellationToken: Guard);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(3, WireMock.Count("GET", JobPath));
        Assert.Equal([expectedSeconds, 2.5], Clock.NonZeroWaits.Select(w => w.TotalSeconds));
        Assert.Single(Logs.Entries, e => e.Contains($"{ProviderName} Status: retry 1 in", StringComparison.Ordinal) && e.Contains("after HTTP 429", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(NetworkFault.MalformedResponseChunk)]
    [InlineData(NetworkFault.EmptyResponse)]
    [InlineData(NetworkFault.ConnectionResetByPeer)]
    [InlineData(NetworkFault.RandomDataThenClose)]
    public async Task A_network_fault_on_every_poll_ends_in_a_typed_transient_error_after_the_status_retries(NetworkFault fault)
    {
        WireMock.Given(On("GET", JobPath)).RespondWith(Json(200, VideoJson("queued", 0)).WithNetworkFault(fault));
        using var generator = CreateGenerator(o => o.MaxRetries = 3);

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.GetJobAsync(JobId, Guard));

        Assert.True(error.IsTransient);
        Assert.Equal("connection_failed", error.ProviderErrorCode);
        Assert.Null(error.StatusCode);
        Assert.StartsWith(ProviderName + " could not be reached", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, Sends.Count("GET", JobPath)); // the first read and three retries
        var received = WireMock.Count("GET", JobPath);
        if (fault == NetworkFault.EmptyResponse)
        {
            // .NET's SocketsHttpHandler resends a body-less request (up to 3 times) when the connection closes
            // without a byte of answer, so the server sees up to 4 requests per attempt
            Assert.InRange(received, 4, 16);
        }
        else
        {
            Assert.Equal(4, received);
        }
        Assert.Equal(3, Clock.NonZeroWaits.Count); // with a backoff before each retry (fast-forwarded)
        AssertNoSecret(error);
    }

    [Fact]
    public async Task A_fault_on_one_poll_is_absorbed_and_the_wait_completes()
    {
        WireMock.GivenSequence("job", On("GET", JobPath),
            Json(200, VideoJson("in_progress", 10)),
            Json(200, VideoJson("in_progress", 20)).WithNetworkFault(NetworkFault.MalformedResponseChunk),
            Json(200, VideoJson("completed", 100)));
        using var generator = CreateGenerator();
        var updates = new ProgressLog();

        var job = await generator.WaitForCompletionAsync(JobId, new VideoWaitOptions { MaxConsecutiveFailures = 0 }, updates, Guard);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal([VideoJobStatus.Running, VideoJobStatus.Succeeded], updates.Jobs.Select(j => j.Status));
        Assert.Equal(3, WireMock.Count("GET", JobPath));
    }
}
