using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SoraClient.ContractTests.Harness;
using Xunit.Sdk;

namespace SoraClient.ContractTests.HarnessSmokeTests;

/// <summary>The WireMock half of the harness does what its documentation says, against the real server.</summary>
public sealed class WireMockHarnessTests(ContractServers servers) : ContractTest(servers), IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = servers.WireMock.BaseUri };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Journal_is_empty_at_the_start_of_each_test()
    {
        Assert.Empty(await Admin.GetRequestsAsync());
        Assert.Empty(await Admin.GetMappingsAsync());
    }

    [Fact]
    public async Task A_mapping_answers_and_the_journal_records_the_request_with_its_body()
    {
        await Admin.AddMappingAsync(
            WireMockMapping.ForPath("POST", "/v1/videos")
                .WithHeader("Authorization", "Bearer sk-test")
                .WithJsonBody("""{"prompt":"a cat"}""", ignoreExtraElements: true)
                .RespondWithJson(201, """{"id":"video_1","status":"queued"}""")
                .WithResponseHeader("x-request-id", "req_123"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/videos?trace=1")
        {
            Content = new StringContent("""{"model":"sora-2","prompt":"a cat"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer sk-test");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("req_123", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("video_1", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());

        var sent = Assert.Single(await Admin.FindRequestsAsync("POST", "/v1/videos"));
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/v1/videos?trace=1", sent.Url);
        Assert.Equal("/v1/videos", sent.Path);
        Assert.Equal("trace=1", sent.Query);
        Assert.Equal("Bearer sk-test", sent.Header("authorization")); // names are case-insensitive
        Assert.StartsWith("application/json", sent.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("""{"model":"sora-2","prompt":"a cat"}""", sent.BodyAsString);
        Assert.Equal(Encoding.UTF8.GetBytes("""{"model":"sora-2","prompt":"a cat"}"""), sent.BodyToArray());
        Assert.Equal("a cat", sent.BodyAsJson()!["prompt"]!.GetValue<string>());

        var all = Assert.Single(await Admin.GetRequestsAsync());
        Assert.True(all.WasMatched);
        Assert.Equal(sent.Url, all.Url);
    }

    [Fact]
    public async Task A_mapping_from_raw_json_answers_and_a_request_that_matches_nothing_gets_404()
    {
        var id = await Admin.AddMappingAsync("""
            {
              "request": { "method": "GET", "urlPathPattern": "/v1/videos/[a-z0-9_]+" },
              "response": { "status": 200, "jsonBody": { "object": "video" }, "headers": { "Content-Type": "application/json" } }
            }
            """);

        Assert.Equal("""{"object":"video"}""", await _http.GetStringAsync(new Uri("v1/videos/video_9", UriKind.Relative)));
        using var miss = await _http.GetAsync(new Uri("v1/videos/NOT-LOWER", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, miss.StatusCode);

        await Admin.RemoveMappingAsync(id);
        using var removed = await _http.GetAsync(new Uri("v1/videos/video_9", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
    }

    [Fact]
    public async Task A_three_step_scenario_advances_on_each_request_and_then_stays_on_the_last_step()
    {
        await Admin.StubSequenceAsync("job-video_1",
        [
            WireMockMapping.ForPath("GET", "/v1/videos/video_1").RespondWithJson(200, """{"status":"queued"}"""),
            WireMockMapping.ForPath("GET", "/v1/videos/video_1").RespondWithJson(200, """{"status":"in_progress"}"""),
            WireMockMapping.ForPath("GET", "/v1/videos/video_1").RespondWithJson(200, """{"status":"completed"}"""),
        ]);
        Assert.Equal(WireMockAdmin.StartedState, await Admin.GetScenarioStateAsync("job-video_1"));

        var statuses = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var body = await _http.GetStringAsync(new Uri("v1/videos/video_1", UriKind.Relative));
            statuses.Add(JsonNode.Parse(body)!["status"]!.GetValue<string>());
        }

        Assert.Equal(["queued", "in_progress", "completed", "completed"], statuses, StringComparer.Ordinal);
        Assert.Equal("step 3", await Admin.GetScenarioStateAsync("job-video_1"));

        await Admin.SetScenarioStateAsync("job-video_1", "step 2");
        Assert.Contains("in_progress", await _http.GetStringAsync(new Uri("v1/videos/video_1", UriKind.Relative)), StringComparison.Ordinal);
        await Admin.ResetScenariosAsync();
        Assert.Contains("queued", await _http.GetStringAsync(new Uri("v1/videos/video_1", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_states_can_be_written_by_hand()
    {
        await Admin.AddMappingAsync(WireMockMapping.ForPath("DELETE", "/v1/videos/v").InScenario("deletion", WireMockAdmin.StartedState, "deleted")
            .RespondWithJson(200, """{"deleted":true}"""));
        await Admin.AddMappingAsync(WireMockMapping.ForPath("DELETE", "/v1/videos/v").InScenario("deletion", "deleted")
            .RespondWithJson(404, """{"error":{"message":"gone"}}"""));

        using var first = await _http.DeleteAsync(new Uri("v1/videos/v", UriKind.Relative));
        using var second = await _http.DeleteAsync(new Uri("v1/videos/v", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }

    [Fact]
    public async Task Connection_reset_by_peer_surfaces_as_HttpRequestException()
    {
        await Admin.StubFaultAsync("GET", "/v1/videos/reset", WireMockFault.ConnectionResetByPeer);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(new Uri("v1/videos/reset", UriKind.Relative)));

        Assert.NotNull(error.InnerException); // an IOException/SocketException from the reset
        Assert.Equal(1, await Admin.CountRequestsAsync("GET", "/v1/videos/reset"));
    }

    [Theory]
    [InlineData(WireMockFault.EmptyResponse)]
    [InlineData(WireMockFault.RandomDataThenClose)]
    [InlineData(WireMockFault.MalformedResponseChunk)]
    public async Task Every_fault_surfaces_as_HttpRequestException_from_GetAsync(WireMockFault fault)
    {
        await Admin.StubFaultAsync("GET", "/fault", fault);

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(new Uri("fault", UriKind.Relative)));
    }

    [Fact]
    public async Task A_malformed_chunk_arrives_after_a_200_status_line_and_fails_while_reading_the_body()
    {
        await Admin.StubFaultAsync("GET", "/fault", WireMockFault.MalformedResponseChunk);

        using var response = await _http.GetAsync(new Uri("fault", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // streaming: the read throws HttpIOException; buffering: HttpRequestException wrapping it
        await using var body = await response.Content.ReadAsStreamAsync();
        var error = await Assert.ThrowsAsync<HttpIOException>(() => body.CopyToAsync(Stream.Null));
        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
    }

    [Fact]
    public async Task Count_endpoint_counts_by_method_and_path_or_by_pattern()
    {
        await Admin.StubJsonAsync("GET", "/v1/videos", 200, """{"object":"list","data":[]}""");
        for (var i = 0; i < 3; i++)
        {
            _ = await _http.GetStringAsync(new Uri($"v1/videos?limit={i}", UriKind.Relative));
        }

        using var post = await _http.PostAsync(new Uri("v1/videos", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(3, await Admin.CountRequestsAsync("GET", "/v1/videos"));
        Assert.Equal(1, await Admin.CountRequestsAsync("POST", "/v1/videos"));
        Assert.Equal(4, await Admin.CountRequestsAsync("ANY", "/v1/videos"));
        Assert.Equal(0, await Admin.CountRequestsAsync("GET", "/v1/other"));
        Assert.Equal(1, await Admin.CountRequestsAsync(new JsonObject
        {
            ["method"] = "GET",
            ["urlPath"] = "/v1/videos",
            ["queryParameters"] = new JsonObject { ["limit"] = new JsonObject { ["equalTo"] = "2" } },
        }));

        var found = await Admin.FindRequestsAsync("GET", "/v1/videos");
        Assert.Equal(["/v1/videos?limit=0", "/v1/videos?limit=1", "/v1/videos?limit=2"], found.Select(r => r.Url), StringComparer.Ordinal); // oldest first
        var all = await Admin.GetRequestsAsync();
        Assert.Equal(["GET", "GET", "GET", "POST"], all.Select(r => r.Method), StringComparer.Ordinal); // oldest first
    }

    [Fact]
    public async Task Unmatched_requests_are_listed_and_fail_the_assertion_with_the_closest_stub()
    {
        await Admin.StubJsonAsync("POST", "/v1/videos", 200, "{}");
        await Admin.AssertNoUnmatchedRequestsAsync();

        using var typo = await _http.PostAsync(new Uri("v1/vidoes", UriKind.Relative), new StringContent("""{"prompt":"x"}"""));

        Assert.Equal(HttpStatusCode.NotFound, typo.StatusCode);
        var unmatched = Assert.Single(await Admin.GetUnmatchedRequestsAsync());
        Assert.Equal("/v1/vidoes", unmatched.Url);
        var failure = await Assert.ThrowsAsync<FailException>(() => Admin.AssertNoUnmatchedRequestsAsync());
        Assert.Contains("POST /v1/vidoes", failure.Message, StringComparison.Ordinal);
        Assert.Contains("closest stub", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/v1/videos", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixed_delay_holds_the_response_back()
    {
        await Admin.AddMappingAsync(WireMockMapping.ForPath("GET", "/slow").RespondWithJson(200, "{}").WithFixedDelay(TimeSpan.FromMilliseconds(400)));

        var stopwatch = Stopwatch.StartNew();
        using (var response = await _http.GetAsync(new Uri("slow", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(390), $"answered after {stopwatch.ElapsedMilliseconds} ms");

        using var impatient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMilliseconds(100) };
        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(WireMock.Url("slow")));
    }

    [Fact]
    public async Task Chunked_dribble_delay_sends_headers_at_once_and_the_body_slowly()
    {
        await Admin.AddMappingAsync(WireMockMapping.ForPath("GET", "/dribble")
            .RespondWithBody(200, new string('x', 100), "text/plain")
            .WithChunkedDribbleDelay(5, TimeSpan.FromMilliseconds(500)));

        var stopwatch = Stopwatch.StartNew();
        using var response = await _http.GetAsync(new Uri("dribble", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var headersAfter = stopwatch.Elapsed;
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(new string('x', 100), body);
        Assert.True(headersAfter < TimeSpan.FromMilliseconds(300), $"headers after {headersAfter.TotalMilliseconds} ms");
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(350), $"body after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Reset_removes_mappings_scenarios_files_and_the_journal()
    {
        await Admin.StubSequenceAsync("s", [WireMockMapping.ForPath("GET", "/a"), WireMockMapping.ForPath("GET", "/a")]);
        await Admin.StubBinaryAsync("GET", "/b", new byte[] { 1, 2, 3 });
        _ = await _http.GetAsync(new Uri("a", UriKind.Relative));

        await Admin.ResetAsync();

        Assert.Empty(await Admin.GetMappingsAsync());
        Assert.Empty(await Admin.GetRequestsAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Admin.GetScenarioStateAsync("s"));
        Assert.Empty(Directory.GetFiles(Path.Combine(WireMock.RootDirectory, "__files")));
    }

    [Fact]
    public async Task A_failing_admin_call_throws_with_wiremocks_explanation()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Admin.AddMappingAsync("""{"request":{"method":"GET","url":"/x"},"response":{"fault":"NO_SUCH_FAULT"}}"""));

        Assert.Contains("NO_SUCH_FAULT", error.Message, StringComparison.Ordinal);
        Assert.Contains("CONNECTION_RESET_BY_PEER", error.Message, StringComparison.Ordinal); // WireMock lists the valid ones
    }

    [Fact]
    public void A_mapping_with_a_body_that_is_not_json_is_refused_before_it_reaches_wiremock() =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => WireMockMapping.ForPath("GET", "/x").RespondWithJson(200, "{not json"));

    [Fact]
    public async Task A_multipart_upload_can_be_read_back_part_by_part()
    {
        await Admin.StubJsonAsync("POST", "/v1/videos", 200, "{}");
        var image = new byte[3000];
        new Random(7).NextBytes(image);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("a cat"), "prompt" },
            { new StringContent("8"), "seconds" },
        };
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new("image/png");
        form.Add(file, "input_reference", "cat.png");

        using var response = await _http.PostAsync(new Uri("v1/videos", UriKind.Relative), form);

        var multipart = Assert.Single(await Admin.FindRequestsAsync("POST", "/v1/videos")).BodyAsMultipart();
        Assert.Equal(["prompt", "seconds", "input_reference"], multipart.Parts.Select(p => p.Name), StringComparer.Ordinal);
        Assert.Equal("a cat", multipart["prompt"].ContentAsString);
        Assert.Null(multipart["prompt"].FileName);
        Assert.Equal("8", multipart["seconds"].ContentAsString);
        Assert.Equal("cat.png", multipart["input_reference"].FileName);
        Assert.Equal("image/png", multipart["input_reference"].ContentType);
        Assert.Equal(image, multipart["input_reference"].ContentToArray());
        Assert.Throws<KeyNotFoundException>(() => multipart["model"]);
    }
}
