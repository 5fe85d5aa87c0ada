using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SoraClient.Emulator;
using SoraClient.IntegrationTests.Support;
using SoraClient.Testing;

namespace SoraClient.IntegrationTests.Emulator;

/// <summary>The emulator's aivideoapi protocol over real sockets, with raw HTTP (written from CONTRACTS §4, not from the adapter).</summary>
public sealed class AIVideoApiProtocolTests : IAsyncLifetime
{
    private const string Create = "v1/videos/generations";
    private const string ValidBody = """{"model":"sora-2","input":{"prompt":"A calico cat playing a piano on stage","duration":8,"aspect_ratio":"16:9"}}""";
    private EmulatorHarness _harness = null!;
    private HttpClient _http = null!;

    private ManualTimeProvider Time => _harness.Time;

    public async Task InitializeAsync()
    {
        _harness = await EmulatorHarness.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_harness.Emulator.AIVideoApiEndpoint + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _harness.Emulator.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Create_ThenGetTask_GoesPendingProcessingCompletedWithAWorkingLink()
    {
        var created = await PostAsync(Create, ValidBody);
        EmulatorHarness.AssertKeys(created, ["code", "msg", "data"]);
        Assert.Equal((200, "success"), (created.GetProperty("code").GetInt32(), created.GetProperty("msg").GetString()));
        var id = created.GetProperty("data").GetProperty("taskId").GetString()!;
        var start = Time.GetUtcNow();

        var pending = await GetTaskAsync(id);
        EmulatorHarness.AssertKeys(pending, ["id", "status", "model", "created_at", "progress"]);
        Assert.Equal(("pending", JsonValueKind.Null), (pending.GetProperty("status").GetString(), pending.GetProperty("progress").ValueKind));
        Assert.Equal(start, DateTimeOffset.Parse(pending.GetProperty("created_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        Time.Advance(TimeSpan.FromSeconds(4));
        var processing = await GetTaskAsync(id);
        Assert.Equal("processing", processing.GetProperty("status").GetString());
        Assert.InRange(processing.GetProperty("progress").GetInt32(), 1, 99);

        Time.Advance(TimeSpan.FromSeconds(4));
        var completed = await GetTaskAsync(id);
        EmulatorHarness.AssertKeys(completed, ["id", "status", "model", "created_at", "completed_at", "progress", "output"]);
        Assert.Equal(("completed", 100), (completed.GetProperty("status").GetString(), completed.GetProperty("progress").GetInt32()));
        Assert.Equal(8, completed.GetProperty("output").GetProperty("metadata").GetProperty("duration").GetInt32());
        using var anonymous = new HttpClient();
        var mp4 = await anonymous.GetByteArrayAsync(completed.GetProperty("output").GetProperty("urls")[0].GetString());
        Assert.Equal("ftyp"u8.ToArray(), mp4[4..8]);
    }

    [Theory]
    [InlineData("""{"model":"sora-2","prompt":"x","duration":8,"size":"1280x720"}""", "input is required")] // the seed's flat body
    [InlineData("""{"input":{"prompt":"x","duration":8,"aspect_ratio":"16:9"}}""", "model is required")]
    [InlineData("""{"model":"sora-2","input":{"duration":8,"aspect_ratio":"16:9"}}""", "input.prompt is required")]
    [InlineData("""{"model":"sora-2","input":{"prompt":"x","aspect_ratio":"16:9"}}""", "input.duration is required")]
    [InlineData("""{"model":"sora-2","input":{"prompt":"x","duration":10,"aspect_ratio":"16:9"}}""", "input.duration must be 4, 8 or 12")]
    [InlineData("""{"model":"sora-2","input":{"prompt":"x","duration":8}}""", "input.aspect_ratio is required")]
    [InlineData("""{"model":"sora-2","input":{"prompt":"x","duration":8,"aspect_ratio":"1:1"}}""", "input.aspect_ratio is required")]
    [InlineData("""{"model":"sora-2","input":{"prompt":"x","duration":8,"aspect_ratio":"16:9","image_urls":["https://a.test/1.png","https://a.test/2.png"]}}""", "at most 1 image URL")]
    [InlineData("""{"model":"sora-2","callback_url":"not a url","input":{"prompt":"x","duration":8,"aspect_ratio":"16:9"}}""", "callback_url must be an http or https URL")]
    [InlineData("not json", "not valid JSON")]
    public async Task Create_InvalidRequest_Is400InvalidRequest(string body, string message)
    {
        using var response = await _http.PostAsync(Create, EmulatorHarness.Json(body));

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "invalid_request_error");
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _harness.Emulator.Jobs.CreatedCount(EmulatorProtocols.AIVideoApi));
    }

    [Fact]
    public async Task Create_PromptOver5000Characters_Is400()
    {
        using var response = await _http.PostAsync(Create, EmulatorHarness.Json($$$"""{"model":"sora-2","input":{"prompt":"{{{new string('a', 5001)}}}","duration":8,"aspect_ratio":"16:9"}}"""));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "invalid_request_error");
    }

    [Fact]
    public async Task Create_UnknownModel_Is404ModelNotFound_AndUnknownTaskIs404TaskNotFound()
    {
        using var model = await _http.PostAsync(Create, EmulatorHarness.Json("""{"model":"sora-2-pro","input":{"prompt":"x","duration":8,"aspect_ratio":"16:9"}}"""));
        using var task = await _http.GetAsync("v1/tasks/no-such-task");

        await AssertErrorAsync(model, HttpStatusCode.NotFound, "model_not_found", "invalid_request_error");
        await AssertErrorAsync(task, HttpStatusCode.NotFound, "task_not_found", "invalid_request_error");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Auth_MissingOrWrongKey_Is401InvalidApiKey(string? key)
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        if (key is not null)
        {
            anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await anonymous.PostAsync(Create, EmulatorHarness.Json(ValidBody));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_api_key", "authentication_error");
    }

    [Theory]
    [InlineData(EmulatorPromptMarkers.Moderation, "content_policy_violation")]
    [InlineData(EmulatorPromptMarkers.Fail, "upstream_error")]
    public async Task PromptMarker_FailsTheTaskWithAnError(string marker, string code)
    {
        var id = (await PostAsync(Create, $$$"""{"model":"sora-2","input":{"prompt":"x {{{marker}}}","duration":4,"aspect_ratio":"9:16"}}""")).GetProperty("data").GetProperty("taskId").GetString()!;
        Time.Advance(TimeSpan.FromSeconds(8));

        var task = await GetTaskAsync(id);

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal(code, task.GetProperty("error").GetProperty("code").GetString());
        Assert.False(task.TryGetProperty("output", out _));
    }

    [Fact]
    public async Task CallbackUrl_ReceivesTheFinishedTask()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var url = receiver.Url("/hooks/aivideoapi?token=t2");

        var id = (await PostAsync(Create, $$$"""{"model":"sora-2","callback_url":"{{{url}}}","input":{"prompt":"x","duration":8,"aspect_ratio":"16:9"}}""")).GetProperty("data").GetProperty("taskId").GetString()!;
        Time.Advance(TimeSpan.FromSeconds(8));
        var callback = await receiver.NextAsync();

        Assert.Equal("/hooks/aivideoapi?token=t2", callback.PathAndQuery);
        using var body = JsonDocument.Parse(callback.Body);
        Assert.Equal(id, body.RootElement.GetProperty("id").GetString());
        Assert.Equal("completed", body.RootElement.GetProperty("status").GetString());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse((await GetTaskAsync(id)).GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(callback.Body))); // the same JSON as GET /v1/tasks/{id}
    }

    [Fact]
    public async Task CallbackReceiverDown_IsRecordedAsAFailedDelivery()
    {
        var url = new Uri("http://127.0.0.1:9/unreachable");
        var id = (await PostAsync(Create, $$$"""{"model":"sora-2","callback_url":"{{{url}}}","input":{"prompt":"x","duration":8,"aspect_ratio":"16:9"}}""")).GetProperty("data").GetProperty("taskId").GetString()!;

        Time.Advance(TimeSpan.FromSeconds(8));
        for (var i = 0; i < 1000 && _harness.Emulator.Callbacks.Count() == 0; i++)
        {
            await Task.Delay(10);
        }

        var sent = Assert.Single(_harness.Emulator.Callbacks.All);
        Assert.Equal(id, sent.JobId);
        Assert.Null(sent.StatusCode);
        Assert.NotNull(sent.Error);
    }

    [Fact]
    public async Task Faults_UseTheDocumentedCodes()
    {
        var faults = _harness.Emulator.Faults;
        faults.Add(EmulatorFault.RateLimit(TimeSpan.FromSeconds(1)).For(EmulatorProtocols.AIVideoApi));
        faults.Add(EmulatorFault.InsufficientBalance().For(EmulatorProtocols.AIVideoApi));
        faults.Add(EmulatorFault.ServerError(503).For(EmulatorProtocols.AIVideoApi));

        using var limited = await _http.GetAsync("v1/tasks/x");
        using var broke = await _http.PostAsync(Create, EmulatorHarness.Json(ValidBody));
        using var upstream = await _http.GetAsync("v1/tasks/x");

        await AssertErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limit_exceeded", "rate_limit_error");
        await AssertErrorAsync(broke, HttpStatusCode.PaymentRequired, "insufficient_credits", "billing_error");
        await AssertErrorAsync(upstream, HttpStatusCode.ServiceUnavailable, "upstream_error", "api_error");
    }

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string type)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        EmulatorHarness.AssertKeys(body, ["error"]);
        var error = body.GetProperty("error");
        EmulatorHarness.AssertKeys(error, ["code", "message", "type"]);
        Assert.Equal((code, type), (error.GetProperty("code").GetString(), error.GetProperty("type").GetString()));
        return error;
    }

    private async Task<JsonElement> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, EmulatorHarness.Json(json));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await EmulatorHarness.ReadJsonAsync(response);
    }

    private async Task<JsonElement> GetTaskAsync(string id)
    {
        using var response = await _http.GetAsync($"v1/tasks/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await EmulatorHarness.ReadJsonAsync(response);
    }
}
