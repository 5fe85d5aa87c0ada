using System.Net;
using System.Text.Json;
using SoraClient.Emulator;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class EmulatorFaultTests
{
    private const string OpenAI = EmulatorProtocols.OpenAI;

    [Fact]
    public async Task RateLimit_Once_Returns429WithRetryAfterThenRecovers()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var fault = harness.Emulator.Faults.Add(EmulatorFault.RateLimit(TimeSpan.FromMilliseconds(1500)).For(OpenAI, "GET", "/videos"));

        using var limited = await harness.Http.GetAsync("videos");
        using var next = await harness.Http.GetAsync("videos");

        var error = await EmulatorHarness.AssertErrorAsync(limited, HttpStatusCode.TooManyRequests, param: null, "rate_limit_exceeded", type: "requests");
        Assert.Contains("2s", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("1500", Assert.Single(limited.Headers.GetValues("retry-after-ms")));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal((1, 0), (fault.Hits, fault.Remaining));
        Assert.Equal(EmulatorFaultKind.RateLimit, harness.Emulator.Requests.All[0].Fault);
        Assert.Null(harness.Emulator.Requests.All[1].Fault);
    }

    [Fact]
    public async Task RateLimit_OnCreate_CreatesNoJob()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.RateLimit(TimeSpan.FromSeconds(1)));

        using var response = await harness.PostJsonAsync("videos", """{"prompt":"x"}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(0, harness.Emulator.Jobs.TotalCreated);
    }

    [Fact]
    public async Task InsufficientBalance_Returns429QuotaEnvelopeWithoutRetryAfter()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.InsufficientBalance().For(OpenAI, "POST", "/videos"));

        using var response = await harness.PostJsonAsync("videos", """{"prompt":"x"}""");

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.TooManyRequests, param: null, "insufficient_quota", type: "insufficient_quota");
        Assert.Contains("balance", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Null(response.Headers.RetryAfter);
        Assert.Equal(0, harness.Emulator.Jobs.TotalCreated);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task ServerError_ReturnsStatusWithServerErrorEnvelope(int status)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.ServerError(status));

        using var response = await harness.Http.GetAsync("videos");

        await EmulatorHarness.AssertErrorAsync(response, (HttpStatusCode)status, param: null, code: null, type: "server_error");
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task ServerError_WithRetryAfterAndTimes_SendsHeaderForEachUse()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.ServerError(503, times: 2, retryAfter: TimeSpan.FromSeconds(3)));

        using var first = await harness.Http.GetAsync("videos");
        using var second = await harness.Http.GetAsync("videos");
        using var third = await harness.Http.GetAsync("videos");

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], [first.StatusCode, second.StatusCode, third.StatusCode]);
        Assert.Equal(TimeSpan.FromSeconds(3), second.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(499)]
    [InlineData(600)]
    public void ServerError_StatusOutside5xx_Throws(int status) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.ServerError(status));

    [Fact]
    public void Factories_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.RateLimit(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.DropConnection(times: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.TruncateBody(afterBytes: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.SlowResponse(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task For_MethodAndPath_OnlyMatchingRequestsUseTheFault()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateVideoIdAsync();
        var fault = harness.Emulator.Faults.Add(EmulatorFault.ServerError(500, EmulatorFault.Unlimited).For(OpenAI, "GET", "/videos/*"));

        using var list = await harness.Http.GetAsync("videos");
        using var create = await harness.PostJsonAsync("videos", """{"prompt":"x"}""");
        using var content = await harness.Http.GetAsync($"videos/{id}/content");
        using var get = await harness.Http.GetAsync($"videos/{id}");
        using var getAgain = await harness.Http.GetAsync($"videos/{id}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, content.StatusCode); // not ready, but not faulted: '*' is one segment
        Assert.Equal(HttpStatusCode.InternalServerError, get.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, getAgain.StatusCode);
        Assert.Equal((2, EmulatorFault.Unlimited), (fault.Hits, fault.Remaining));
    }

    [Fact]
    public async Task For_OtherProtocol_DoesNotApply()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var fault = harness.Emulator.Faults.Add(EmulatorFault.ServerError().For("grsai"));

        using var response = await harness.Http.GetAsync("videos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, fault.Remaining);
    }

    [Fact]
    public async Task For_DoubleStarPath_MatchesAnyDepth()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.ServerError(502, times: 3).For(OpenAI, path: "/videos/**"));

        using var list = await harness.Http.GetAsync("videos");
        using var get = await harness.Http.GetAsync("videos/video_x");
        using var content = await harness.Http.GetAsync("videos/video_x/content");

        Assert.All(new[] { list, get, content }, r => Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode));
    }

    [Fact]
    public async Task Faults_Several_FirstMatchingInOrderIsUsedAndRemoveAndClearWork()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = harness.Emulator.Faults.Add(EmulatorFault.ServerError(500));
        var second = harness.Emulator.Faults.Add(EmulatorFault.ServerError(503));
        var third = harness.Emulator.Faults.Add(EmulatorFault.ServerError(502));
        Assert.True(harness.Emulator.Faults.Remove(second));
        Assert.False(harness.Emulator.Faults.Remove(second));

        using var a = await harness.Http.GetAsync("videos");
        using var b = await harness.Http.GetAsync("videos");

        Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway), (a.StatusCode, b.StatusCode));
        Assert.Equal([first, third], harness.Emulator.Faults.All);
        harness.Emulator.Faults.Clear();
        Assert.Empty(harness.Emulator.Faults.All);
    }

    [Fact]
    public async Task SlowResponse_WaitsOnTheEmulatorClockThenAnswersNormally()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.SlowResponse(TimeSpan.FromSeconds(30)).For(OpenAI, "POST", "/videos"));
        var waiting = harness.WhenTimerScheduledAsync();

        var pending = harness.PostJsonAsync("videos", """{"prompt":"x"}""");
        await waiting;
        harness.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(pending.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var video = await EmulatorHarness.ReadJsonAsync(response);
        Assert.Equal(harness.Time.GetUtcNow().ToUnixTimeSeconds(), video.GetProperty("created_at").GetInt64());
    }

    [Fact]
    public async Task SlowResponse_ClientGivesUp_EmulatorStaysUsable()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.SlowResponse(TimeSpan.FromMinutes(5)));
        var waiting = harness.WhenTimerScheduledAsync();
        using var giveUp = new CancellationTokenSource();

        var pending = harness.Http.GetAsync("videos", giveUp.Token);
        await waiting;
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(30)));

        using var response = await harness.Http.GetAsync("videos");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DropConnection_ClientSeesNetworkErrorAndNoJobIsCreated()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.DropConnection().For(OpenAI, "POST", "/videos"));

        // a fresh client: no pooled connection that SocketsHttpHandler could silently retry on
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = harness.Http.DefaultRequestHeaders.Authorization;
        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(harness.Emulator.OpenAIEndpoint + "/videos", EmulatorHarness.Json("""{"prompt":"x"}""")));

        Assert.Equal(0, harness.Emulator.Jobs.TotalCreated);
        var recorded = Assert.Single(harness.Emulator.Requests.All);
        Assert.True(recorded.Aborted);
        Assert.Equal(EmulatorFaultKind.DropConnection, recorded.Fault);
        using var next = await harness.PostJsonAsync("videos", """{"prompt":"x"}""");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task TruncateBody_OnContent_CutsAfterBytesAndARangeRequestResumes()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        var full = await harness.Http.GetByteArrayAsync($"videos/{id}/content");
        harness.Emulator.Faults.Add(EmulatorFault.TruncateBody(afterBytes: 3000).For(OpenAI, "GET", "/videos/*/content"));

        using var cut = await harness.Http.GetAsync($"videos/{id}/content", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
        Assert.Equal(full.Length, cut.Content.Headers.ContentLength);
        var received = new MemoryStream();
        await using (var body = await cut.Content.ReadAsStreamAsync())
        {
            await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(received));
        }

        Assert.Equal(3000, received.Length);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"videos/{id}/content");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(received.Length, null);
        request.Headers.IfRange = new System.Net.Http.Headers.RangeConditionHeaderValue(cut.Headers.ETag!);
        using var rest = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        Assert.Equal(full, received.ToArray().Concat(await rest.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task TruncateBody_LargerThanBody_DeliversEverything()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        harness.Emulator.Faults.Add(EmulatorFault.TruncateBody(afterBytes: 10_000_000));

        using var response = await harness.Http.GetAsync($"videos/{id}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(response.Content.Headers.ContentLength, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task FailJob_Moderation_JobFailsHalfwayWithModerationBlocked()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.FailJob(EmulatorJobFailure.Moderation).For(OpenAI, "POST", "/videos"));
        var id = await harness.CreateVideoIdAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(4));
        var running = await harness.GetVideoAsync(id);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var failed = await harness.GetVideoAsync(id);

        Assert.Equal("in_progress", running.GetProperty("status").GetString());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        EmulatorHarness.AssertKeys(failed.GetProperty("error"), ["code", "message"]);
        Assert.Equal("moderation_blocked", failed.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetProperty("message").GetString()));
        Assert.InRange(failed.GetProperty("progress").GetInt32(), 1, 99);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("expires_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, failed.GetProperty("completed_at").ValueKind);
        Assert.Equal(EmulatorJobFailure.Moderation, harness.Emulator.Jobs.Find(id)!.Failure);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("failed", (await harness.GetVideoAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task FailJob_ServerError_ReportsInternalError()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.FailJob(EmulatorJobFailure.ServerError));
        var id = await harness.CreateVideoIdAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(8));

        var failed = await harness.GetVideoAsync(id);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("internal_error", failed.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task FailJob_IsNotUsedUpByRequestsThatCreateNoJob()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var fault = harness.Emulator.Faults.Add(EmulatorFault.FailJob());

        using var list = await harness.Http.GetAsync("videos");
        using var invalid = await harness.PostJsonAsync("videos", """{"prompt":""}""");
        Assert.Equal(1, fault.Remaining);
        var failing = await harness.CreateVideoIdAsync();
        var healthy = await harness.CreateVideoIdAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal("failed", (await harness.GetVideoAsync(failing)).GetProperty("status").GetString());
        Assert.Equal("completed", (await harness.GetVideoAsync(healthy)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task FailJob_OnRemixPath_FailsTheRemixOnly()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.FailJob().For(OpenAI, "POST", "/videos/*/remix"));
        var sourceId = await harness.CreateCompletedVideoIdAsync();

        using var response = await harness.PostJsonAsync($"videos/{sourceId}/remix", """{"prompt":"again"}""");
        var remixId = (await EmulatorHarness.ReadJsonAsync(response)).GetProperty("id").GetString()!;
        harness.Time.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal("failed", (await harness.GetVideoAsync(remixId)).GetProperty("status").GetString());
        Assert.Equal("completed", (await harness.GetVideoAsync(sourceId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ExpireJob_JobCompletesButContentIsGone()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.ExpireJob());
        var id = await harness.CreateCompletedVideoIdAsync();

        var video = await harness.GetVideoAsync(id);
        using var content = await harness.Http.GetAsync($"videos/{id}/content");

        Assert.Equal(video.GetProperty("completed_at").GetInt64(), video.GetProperty("expires_at").GetInt64());
        await EmulatorHarness.AssertErrorAsync(content, HttpStatusCode.NotFound, "video_id", "video_expired");
    }

    [Fact]
    public async Task JobsExpire_CompletedJob_ContentGoneAtOnce()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();

        Assert.True(harness.Emulator.Jobs.Expire(id));
        using var content = await harness.Http.GetAsync($"videos/{id}/content");

        Assert.Equal(HttpStatusCode.NotFound, content.StatusCode);
        Assert.False(harness.Emulator.Jobs.Expire("video_unknown"));
    }

    [Fact]
    public async Task JobsFail_RunningJob_FailsNowButNotAFinishedOne()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var done = await harness.CreateCompletedVideoIdAsync();
        var running = await harness.CreateVideoIdAsync();

        Assert.True(harness.Emulator.Jobs.Fail(running, EmulatorJobFailure.Moderation));
        Assert.False(harness.Emulator.Jobs.Fail(done));
        Assert.False(harness.Emulator.Jobs.Fail(running));

        Assert.Equal("failed", (await harness.GetVideoAsync(running)).GetProperty("status").GetString());
        Assert.Equal("completed", (await harness.GetVideoAsync(done)).GetProperty("status").GetString());
    }

    [Fact]
    public void ToString_DescribesKindScopeAndUses()
    {
        var fault = EmulatorFault.RateLimit(TimeSpan.FromSeconds(1), times: 2).For(OpenAI, "GET", "videos/*");

        Assert.Equal("RateLimit 429 for openai GET /videos/* (2 left)", fault.ToString());
        Assert.Equal("/videos/*", fault.Path);
    }
}
