using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoraClient.Emulator;
using SoraClient.IntegrationTests.Support;
using SoraClient.Testing;

namespace SoraClient.IntegrationTests.Emulator;

/// <summary>The emulator's AceData protocol over real sockets, with raw HTTP (written from CONTRACTS §3, not from the adapter).</summary>
public sealed class AceDataProtocolTests : IAsyncLifetime
{
    private const string Create = "sora/videos";
    private const string Tasks = "sora/tasks";
    private EmulatorHarness _harness = null!;
    private HttpClient _http = null!;

    private ManualTimeProvider Time => _harness.Time;

    public async Task InitializeAsync()
    {
        _harness = await EmulatorHarness.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_harness.Emulator.AceDataEndpoint + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _harness.Emulator.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task AsyncCreate_ThenRetrieve_GoesFromNoResponseToPendingToSucceededWithAWorkingLink()
    {
        var created = await PostAsync(Create, """{"model":"sora-2","prompt":"A calico cat playing a piano on stage","async":true}""");
        EmulatorHarness.AssertKeys(created, ["task_id"]);
        var id = created.GetProperty("task_id").GetString()!;
        Assert.True(Guid.TryParse(id, out _));

        var queued = await RetrieveAsync(id);
        Assert.False(queued.TryGetProperty("response", out _));
        Assert.Equal(id, queued.GetProperty("id").GetString());
        Assert.Equal("videos", queued.GetProperty("type").GetString());
        Assert.Equal("sora-2", queued.GetProperty("request").GetProperty("model").GetString());
        Assert.Equal(Time.GetUtcNow().ToUnixTimeSeconds(), (long)queued.GetProperty("created_at").GetDouble());

        Time.Advance(TimeSpan.FromSeconds(4));
        var running = (await RetrieveAsync(id)).GetProperty("response");
        Assert.True(running.GetProperty("success").GetBoolean());
        Assert.Equal("pending", running.GetProperty("data")[0].GetProperty("state").GetString());
        Assert.False(running.GetProperty("data")[0].TryGetProperty("video_url", out _));

        Time.Advance(TimeSpan.FromSeconds(4));
        var done = (await RetrieveAsync(id)).GetProperty("response");
        Assert.Equal(id, done.GetProperty("task_id").GetString());
        var video = done.GetProperty("data")[0];
        Assert.Equal("succeeded", video.GetProperty("state").GetString());
        Assert.StartsWith("sora-2:task_", video.GetProperty("id").GetString(), StringComparison.Ordinal); // version 1.0 video ids
        using var anonymous = new HttpClient();
        var mp4 = await anonymous.GetByteArrayAsync(video.GetProperty("video_url").GetString());
        Assert.Equal("ftyp"u8.ToArray(), mp4[4..8]);
    }

    [Fact]
    public async Task Version2Create_ReportsAUuidVideoAndTheRequest()
    {
        var id = (await PostAsync(Create, """{"model":"sora-2-pro","prompt":"x","version":"2.0","duration":12,"size":"1792x1024","async":true}""")).GetProperty("task_id").GetString()!;
        Time.Advance(TimeSpan.FromSeconds(8));

        var task = await RetrieveAsync(id);

        Assert.Equal("2.0", task.GetProperty("request").GetProperty("version").GetString());
        Assert.True(Guid.TryParse(task.GetProperty("response").GetProperty("data")[0].GetProperty("id").GetString(), out _));
    }

    [Theory]
    [InlineData("""{"prompt":"x","async":true}""", "model is required.")]
    [InlineData("""{"model":"sora-3","prompt":"x","async":true}""", "model is invalid.")]
    [InlineData("""{"model":"sora-2","async":true}""", "prompt is required.")]
    [InlineData("""{"model":"sora-2","prompt":"x","version":"3.0","async":true}""", "version '3.0' is invalid")]
    [InlineData("""{"model":"sora-2","prompt":"x","duration":8,"async":true}""", "duration 8 is invalid for sora-2 on version 1.0")]
    [InlineData("""{"model":"sora-2","prompt":"x","duration":25,"async":true}""", "duration 25 is invalid for sora-2 on version 1.0")]
    [InlineData("""{"model":"sora-2","prompt":"x","orientation":"square","async":true}""", "orientation 'square' is invalid")]
    [InlineData("""{"model":"sora-2","prompt":"x","size":"1280x720","async":true}""", "size '1280x720' is invalid on version 1.0")]
    [InlineData("""{"model":"sora-2","prompt":"x","version":"2.0","duration":10,"async":true}""", "duration 10 is invalid on version 2.0")]
    [InlineData("""{"model":"sora-2","prompt":"x","version":"2.0","size":"small","async":true}""", "size 'small' is invalid on version 2.0")]
    [InlineData("""{"model":"sora-2","prompt":"x","version":"2.0","character_url":"https://x.test/c.mp4","async":true}""", "character_url is only supported on version 1.0")]
    [InlineData("""{"model":"sora-2","prompt":"x","duration":"10","async":true}""", "duration must be an integer")]
    [InlineData("""{"model":"sora-2","prompt":"x","async":"yes"}""", "async must be a boolean")]
    [InlineData("""{"model":"sora-2","prompt":"x","callback_url":"ftp://x.test"}""", "callback_url must be an http or https URL")]
    [InlineData("""{"model":"sora-2","prompt":"x","image_urls":"https://x.test/a.png","async":true}""", "image_urls must be an array")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    public async Task Create_InvalidRequest_Is400BadRequestInAceDatasEnvelope(string body, string message)
    {
        using var response = await _http.PostAsync(Create, EmulatorHarness.Json(body));

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "bad_request");
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _harness.Emulator.Jobs.CreatedCount(EmulatorProtocols.AceData));
    }

    [Fact]
    public async Task Create_Version2ImageOfAnotherSize_IsRefused()
    {
        var image = "data:image/png;base64," + Convert.ToBase64String(TestImages.Png(1280, 720));

        using var response = await _http.PostAsync(Create, EmulatorHarness.Json($$"""{"model":"sora-2","prompt":"x","version":"2.0","size":"720x1280","image_urls":["{{image}}"],"async":true}"""));
        using var matching = await _http.PostAsync(Create, EmulatorHarness.Json($$"""{"model":"sora-2","prompt":"x","version":"2.0","size":"1280x720","image_urls":["{{image}}"],"async":true}"""));

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "bad_request");
        Assert.Contains("1280x720 but size is 720x1280", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, matching.StatusCode);
    }

    [Fact]
    public async Task Auth_MissingToken_Is400NoToken_WrongTokenIs401InvalidToken()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        using var missing = await anonymous.PostAsync(Create, EmulatorHarness.Json("""{"model":"sora-2","prompt":"x","async":true}"""));
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        using var wrong = await anonymous.PostAsync(Tasks, EmulatorHarness.Json("""{"id":"x"}"""));

        await AssertErrorAsync(missing, HttpStatusCode.BadRequest, "no_token");
        await AssertErrorAsync(wrong, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Retrieve_UnknownTask_Is404_AndUnknownRouteIs404NoApi()
    {
        using var unknown = await _http.PostAsync(Tasks, EmulatorHarness.Json("""{"id":"no-such-task","action":"retrieve"}"""));
        using var route = await _http.GetAsync(Create);

        await AssertErrorAsync(unknown, HttpStatusCode.NotFound, "not_found");
        await AssertErrorAsync(route, HttpStatusCode.NotFound, "no_api");
    }

    [Fact]
    public async Task RetrieveBatch_FiftyTasksInOneRequest_AnswersEachKnownOneInOrder()
    {
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add((await PostAsync(Create, """{"model":"sora-2","prompt":"x","async":true}""")).GetProperty("task_id").GetString()!);
        }

        Time.Advance(TimeSpan.FromSeconds(8));
        var batch = await PostAsync(Tasks, BatchBody([.. ids, "unknown"]));

        EmulatorHarness.AssertKeys(batch, ["items", "count"]);
        Assert.Equal(50, batch.GetProperty("count").GetInt32());
        Assert.Equal(ids, batch.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.All(batch.GetProperty("items").EnumerateArray(), i => Assert.Equal("succeeded", i.GetProperty("response").GetProperty("data")[0].GetProperty("state").GetString()));
    }

    [Theory]
    [InlineData("""{"ids":[],"action":"retrieve_batch"}""", "ids must be a non-empty array")]
    [InlineData("""{"ids":"a","action":"retrieve_batch"}""", "ids must be a non-empty array")]
    [InlineData("""{"id":"a","action":"delete"}""", "action 'delete' is invalid")]
    [InlineData("""{"action":"retrieve"}""", "id is required")]
    public async Task Tasks_InvalidRequest_Is400(string body, string message)
    {
        using var response = await _http.PostAsync(Tasks, EmulatorHarness.Json(body));

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "bad_request");
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetrieveBatch_MoreThanTheLimit_Is400()
    {
        var ids = Enumerable.Range(0, 101).Select(i => $"t{i}").ToArray();

        using var response = await _http.PostAsync(Tasks, EmulatorHarness.Json(BatchBody(ids)));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task SynchronousCreate_HoldsTheConnectionUntilTheJobEndsOnTheClock()
    {
        var scheduled = _harness.WhenTimerScheduledAsync();
        var pending = _http.PostAsync(Create, EmulatorHarness.Json("""{"model":"sora-2","prompt":"x"}"""));
        await scheduled;

        Assert.False(pending.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(8));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        var result = await EmulatorHarness.ReadJsonAsync(response);

        EmulatorHarness.AssertKeys(result, ["success", "task_id", "trace_id", "data"]);
        Assert.True(result.GetProperty("success").GetBoolean());
        Assert.Equal("succeeded", result.GetProperty("data")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task CallbackCreate_PostsTheResultToTheCallbackUrlWhenTheJobEnds()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var url = receiver.Url("/hooks/acedata?token=t1");

        var created = await PostAsync(Create, $$"""{"model":"sora-2","prompt":"x","version":"2.0","duration":8,"callback_url":"{{url}}"}""");
        var id = created.GetProperty("task_id").GetString()!;
        Time.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(1, _harness.Emulator.Callbacks.Pending);
        Assert.False(receiver.HasPending);
        Time.Advance(TimeSpan.FromSeconds(1));
        var callback = await receiver.NextAsync();

        Assert.Equal(("POST", "/hooks/acedata?token=t1", "application/json"), (callback.Method, callback.PathAndQuery, callback.ContentType));
        using var body = JsonDocument.Parse(callback.Body);
        Assert.True(body.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(id, body.RootElement.GetProperty("task_id").GetString());
        Assert.Equal("succeeded", body.RootElement.GetProperty("data")[0].GetProperty("state").GetString());
        await WaitForAsync(() => _harness.Emulator.Callbacks.Count(EmulatorProtocols.AceData) == 1);
        var sent = Assert.Single(_harness.Emulator.Callbacks.All);
        Assert.Equal((EmulatorProtocols.AceData, id, 200, url), (sent.Protocol, sent.JobId, sent.StatusCode, sent.Url));
        Assert.Equal(0, _harness.Emulator.Callbacks.Pending);
    }

    [Fact]
    public async Task CallbackCreate_JobFailedEarly_PostsTheFailureAtOnce()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var id = (await PostAsync(Create, $$"""{"model":"sora-2","prompt":"x","callback_url":"{{receiver.Url("/hook")}}"}""")).GetProperty("task_id").GetString()!;

        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(_harness.Emulator.Jobs.Fail(id, EmulatorJobFailure.Moderation));
        var callback = await receiver.NextAsync();

        using var body = JsonDocument.Parse(callback.Body);
        EmulatorHarness.AssertKeys(body.RootElement, ["success", "task_id", "trace_id", "error"]);
        Assert.False(body.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal("content_policy_violation", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(EmulatorPromptMarkers.Moderation, "content_policy_violation")]
    [InlineData(EmulatorPromptMarkers.Fail, "api_error")]
    public async Task PromptMarker_FailsTheTaskWithSuccessFalse(string marker, string code)
    {
        var id = (await PostAsync(Create, $$"""{"model":"sora-2","prompt":"x {{marker}}","async":true}""")).GetProperty("task_id").GetString()!;
        Time.Advance(TimeSpan.FromSeconds(8));

        var response = (await RetrieveAsync(id)).GetProperty("response");

        Assert.False(response.GetProperty("success").GetBoolean());
        Assert.Equal(code, response.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Faults_UseAceDatasCodes()
    {
        var faults = _harness.Emulator.Faults;
        faults.Add(EmulatorFault.RateLimit(TimeSpan.FromSeconds(2)).For(EmulatorProtocols.AceData));
        faults.Add(EmulatorFault.InsufficientBalance().For(EmulatorProtocols.AceData));
        faults.Add(EmulatorFault.ServerError(503).For(EmulatorProtocols.AceData));
        faults.Add(EmulatorFault.ServerError(500).For(EmulatorProtocols.AceData));

        using var limited = await _http.PostAsync(Tasks, EmulatorHarness.Json("""{"id":"x"}"""));
        using var broke = await _http.PostAsync(Tasks, EmulatorHarness.Json("""{"id":"x"}"""));
        using var busy = await _http.PostAsync(Tasks, EmulatorHarness.Json("""{"id":"x"}"""));
        using var failed = await _http.PostAsync(Tasks, EmulatorHarness.Json("""{"id":"x"}"""));

        await AssertErrorAsync(limited, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Equal("2", limited.Headers.GetValues("Retry-After").Single());
        await AssertErrorAsync(broke, HttpStatusCode.Forbidden, "used_up");
        await AssertErrorAsync(busy, HttpStatusCode.ServiceUnavailable, "busy");
        await AssertErrorAsync(failed, HttpStatusCode.InternalServerError, "api_error");
    }

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        EmulatorHarness.AssertKeys(body, ["success", "error", "trace_id"]);
        Assert.False(body.GetProperty("success").GetBoolean());
        EmulatorHarness.AssertKeys(body.GetProperty("error"), ["code", "message"]);
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
        return body.GetProperty("error");
    }

    private static string BatchBody(IEnumerable<string> ids) =>
        new JsonObject { ["ids"] = new JsonArray([.. ids.Select(id => JsonValue.Create(id))]), ["action"] = "retrieve_batch" }.ToJsonString();

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private async Task<JsonElement> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, EmulatorHarness.Json(json));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await EmulatorHarness.ReadJsonAsync(response);
    }

    private Task<JsonElement> RetrieveAsync(string id) => PostAsync(Tasks, $$"""{"id":"{{id}}","action":"retrieve"}""");
}
