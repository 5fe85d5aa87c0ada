using System.Net;
using SoraClient.ContractTests.Harness;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.HarnessSmokeTests;

/// <summary>The helpers on top of WireMock.Net do what their documentation says.</summary>
public sealed class WireMockStubsTests : ContractTest, IDisposable
{
    private readonly HttpClient _http;

    public WireMockStubsTests() => _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = WireMock.BaseUri() };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_sequence_answers_in_order_then_repeats_its_last_answer()
    {
        WireMock.GivenSequence("job", On("GET", "/v1/videos/v"),
            Json(200, """{"status":"queued"}"""), Json(200, """{"status":"in_progress"}"""), Json(200, """{"status":"completed"}"""));

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await _http.GetStringAsync(new Uri("v1/videos/v", UriKind.Relative)));
        }

        Assert.Equal(["""{"status":"queued"}""", """{"status":"in_progress"}""", """{"status":"completed"}""", """{"status":"completed"}"""], answers);
        Assert.Equal(SequenceState(3), WireMock.ScenarioState("job"));
    }

    [Fact]
    public async Task The_log_keeps_raw_paths_queries_headers_and_bodies_oldest_first_and_lists_unmatched_requests()
    {
        WireMock.Given(On("POST", "/v1/videos")).RespondWith(Json(200, "{}"));
        using var content = new StringContent("""{"prompt":"a cat"}""", System.Text.Encoding.UTF8, "application/json");
        using var created = await _http.PostAsync(new Uri("v1/videos?x=a%20b", UriKind.Relative), content);
        using var missing = await _http.GetAsync(new Uri("v1/videos/a%20b", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["POST /v1/videos?x=a%20b", "GET /v1/videos/a%20b"], WireMock.Requests().Select(r => $"{r.Method} {r.PathAndQuery()}"));
        var sent = Assert.Single(WireMock.Requests("POST", "/v1/videos"));
        Assert.Equal("x=a%20b", sent.RawQuery());
        Assert.Equal("a cat", sent.BodyJson()!["prompt"]!.GetValue<string>());
        Assert.StartsWith("application/json", sent.Header("content-type"), StringComparison.Ordinal);
        var error = Assert.ThrowsAny<Exception>(WireMock.AssertNoUnmatchedRequests);
        Assert.Contains("GET /v1/videos/a%20b", error.Message, StringComparison.Ordinal);
    }
}
