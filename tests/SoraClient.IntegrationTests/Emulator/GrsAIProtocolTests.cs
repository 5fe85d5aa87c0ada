using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SoraClient.Emulator;
using SoraClient.Testing;

using SoraClient.IntegrationTests.Support;

namespace SoraClient.IntegrationTests.Emulator;

/// <summary>The emulator's GrsAI protocol over real sockets, with raw HTTP (no SDK).</summary>
public sealed class GrsAIProtocolTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private SoraEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { TimeProvider = _time });
        _http = new HttpClient { BaseAddress = new Uri(_emulator.GetEndpoint(EmulatorProtocols.GrsAI) + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _emulator.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private async Task<JsonElement> PostAsync(string path, string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private async Task<string> SubmitAsync(string prompt = "a lighthouse", string extra = "")
    {
        var answer = await PostAsync("v1/video/sora-video", $$"""{"model":"sora-2","prompt":"{{prompt}}","webHook":"-1"{{extra}}}""");
        Assert.Equal(0, answer.GetProperty("code").GetInt32());
        Assert.Equal("success", answer.GetProperty("msg").GetString());
        return answer.GetProperty("data").GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> ResultAsync(string id) => await PostAsync("v1/draw/result", $$"""{"id":"{{id}}"}""");

    private static void AssertError(JsonElement answer, int code)
    {
        Assert.Equal(code, answer.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("msg").GetString()));
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("data").ValueKind);
    }

    [Fact]
    public void Endpoint_IsUnderGrsai()
    {
        Assert.Equal(new Uri(_emulator.BaseAddress, "grsai"), _emulator.GetEndpoint(EmulatorProtocols.GrsAI));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task AnyEndpoint_WithoutTheKey_Is401(string? key)
    {
        using var http = new HttpClient { BaseAddress = _http.BaseAddress };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await http.PostAsync("v1/draw/result", new StringContent("""{"id":"x"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Polling_AsTheClockAdvances_GoesRunningThenSucceededWithADownloadableUrlAndPid()
    {
        var id = await SubmitAsync();
        Assert.True(Guid.TryParse(id, out _), id);

        var observed = new List<(string Status, int Progress)>();
        for (var second = 0; second <= 9; second++)
        {
            var data = (await ResultAsync(id)).GetProperty("data");
            observed.Add((data.GetProperty("status").GetString()!, data.GetProperty("progress").GetInt32()));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.All(observed.Take(8), o => Assert.Equal("running", o.Status));
        Assert.True(observed.Take(8).Zip(observed.Skip(1).Take(7)).All(p => p.Second.Progress >= p.First.Progress));
        Assert.Equal(("succeeded", 100), observed[8]);

        var done = (await ResultAsync(id)).GetProperty("data");
        Assert.Equal(["id", "results", "progress", "status", "failure_reason", "error"], done.EnumerateObject().Select(p => p.Name));
        Assert.Equal(string.Empty, done.GetProperty("failure_reason").GetString());
        var result = done.GetProperty("results")[0];
        Assert.Equal(["url", "removeWatermark", "pid"], result.EnumerateObject().Select(p => p.Name));
        Assert.Matches(new Regex("^s_[0-9a-f]{32}$"), result.GetProperty("pid").GetString());
        using var video = new HttpClient(); // a CDN: no key needed
        var bytes = await video.GetByteArrayAsync(result.GetProperty("url").GetString());
        Assert.Equal("ftyp"u8.ToArray(), bytes[4..8]);
    }

    [Theory]
    [InlineData("""{"prompt":"x","webHook":"-1"}""")]
    [InlineData("""{"model":"sora-2-pro","prompt":"x","webHook":"-1"}""")]
    [InlineData("""{"model":"sora-2","webHook":"-1"}""")]
    [InlineData("""{"model":"sora-2","prompt":"x","duration":12,"webHook":"-1"}""")]
    [InlineData("""{"model":"sora-2","prompt":"x","duration":"10","webHook":"-1"}""")]
    [InlineData("""{"model":"sora-2","prompt":"x","aspectRatio":"1:1","webHook":"-1"}""")]
    [InlineData("""{"model":"sora-2","prompt":"x","size":"medium","webHook":"-1"}""")]
    [InlineData("""{"model":"sora-2","prompt":"x","url":"not base64!","webHook":"-1"}""")]
    [InlineData("""{"model":"sora-2","prompt":"x","remixTargetId":"s_00000000000000000000000000000000","webHook":"-1"}""")]
    [InlineData("""{"model":"sora-2","prompt":"x","webHook":"ftp://example.test/hook"}""")]
    [InlineData("""[1]""")]
    public async Task CreateVideo_InvalidParameter_IsCodeMinus4InsideHttp200(string body)
    {
        AssertError(await PostAsync("v1/video/sora-video", body), -4);
        Assert.Equal(0, _emulator.Jobs.CreatedCount(EmulatorProtocols.GrsAI));
    }

    [Fact]
    public async Task CreateVideo_AllFields_IsAccepted()
    {
        var id = await SubmitAsync("x", ""","url":"https://example.test/a.png","aspectRatio":"16:9","duration":15,"size":"large","shutProgress":true""");
        var base64 = await SubmitAsync("y", $$""","url":"{{Convert.ToBase64String(TestImages.Png(8, 8))}}" """);

        Assert.NotEqual(id, base64);
        Assert.Equal(2, _emulator.Jobs.CreatedCount(EmulatorProtocols.GrsAI));
    }

    [Fact]
    public async Task Result_UnknownTask_IsCodeMinus22()
    {
        AssertError(await ResultAsync("f44bcf50-f2d0-4c26-a467-26f2014a771b"), -22);
    }

    [Fact]
    public async Task Result_LateMarker_IsMinus22UntilTheTaskRuns()
    {
        var id = await SubmitAsync("a slow registration " + EmulatorPromptMarkers.NotVisibleYet);

        AssertError(await ResultAsync(id), -22);
        _time.Advance(TimeSpan.FromSeconds(1)); // the queued eighth of the 8-second job
        Assert.Equal("running", (await ResultAsync(id)).GetProperty("data").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(EmulatorPromptMarkers.Moderation, "output_moderation")]
    [InlineData(EmulatorPromptMarkers.Fail, "error")]
    public async Task Result_FailureMarkers_FailWithTheDocumentedReason(string marker, string reason)
    {
        var id = await SubmitAsync("doomed " + marker);

        _time.Advance(TimeSpan.FromSeconds(8));
        var data = (await ResultAsync(id)).GetProperty("data");

        Assert.Equal("failed", data.GetProperty("status").GetString());
        Assert.Equal(reason, data.GetProperty("failure_reason").GetString());
        Assert.False(string.IsNullOrEmpty(data.GetProperty("error").GetString()));
        Assert.Equal(0, data.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Faults_UseGrsAIsEnvelopes()
    {
        _emulator.Faults.Add(EmulatorFault.InsufficientBalance().For(EmulatorProtocols.GrsAI, "POST", "/v1/video/sora-video"));
        _emulator.Faults.Add(EmulatorFault.RateLimit(TimeSpan.FromSeconds(2)).For(EmulatorProtocols.GrsAI, "POST", "/v1/draw/result"));
        _emulator.Faults.Add(EmulatorFault.ServerError(502).For(EmulatorProtocols.GrsAI, "POST", "/v1/draw/result"));

        AssertError(await PostAsync("v1/video/sora-video", """{"model":"sora-2","prompt":"x","webHook":"-1"}"""), -1);
        AssertError(await PostAsync("v1/draw/result", """{"id":"x"}""", HttpStatusCode.TooManyRequests), 429);
        AssertError(await PostAsync("v1/draw/result", """{"id":"x"}""", HttpStatusCode.BadGateway), 502);
        Assert.Equal(0, _emulator.Jobs.CreatedCount(EmulatorProtocols.GrsAI));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Streaming_WithoutWebHook_WritesDataRecordsUntilTheTaskFinishes(bool shutProgress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/video/sora-video")
        {
            Content = new StringContent($$"""{"model":"sora-2","prompt":"streamed","shutProgress":{{(shutProgress ? "true" : "false")}}}""", Encoding.UTF8, "application/json"),
        };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reading = response.Content.ReadAsStringAsync();
        for (var step = 0; step < 30 && !reading.IsCompleted; step++)
        {
            await Task.WhenAny(reading, Task.Delay(10));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var body = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        var records = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(records, r => Assert.StartsWith("data: {", r, StringComparison.Ordinal));
        var statuses = records.Select(r => JsonDocument.Parse(r["data: ".Length..]).RootElement.GetProperty("status").GetString()).ToList();
        Assert.Equal("succeeded", statuses[^1]);
        if (shutProgress)
        {
            Assert.Single(statuses);
        }
        else
        {
            Assert.True(statuses.Count >= 5, body);
            Assert.All(statuses.SkipLast(1), s => Assert.Equal("running", s));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Webhook_PostsTheTaskAsItChanges(bool shutProgress)
    {
        await using var receiver = await CallbackReceiver.StartAsync();

        var answer = await PostAsync("v1/video/sora-video", $$"""{"model":"sora-2","prompt":"called back","webHook":"{{receiver.BaseAddress}}","shutProgress":{{(shutProgress ? "true" : "false")}}}""");
        var id = answer.GetProperty("data").GetProperty("id").GetString();
        var done = receiver.WaitForAsync(shutProgress ? 1 : 2, TimeSpan.FromSeconds(30));
        for (var step = 0; step < 20; step++)
        {
            await Task.Delay(20);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await done;
        await Task.Delay(100); // any late (wrong) extra delivery would arrive now
        var bodies = receiver.Bodies.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        Assert.All(bodies, b => Assert.Equal(id, b.GetProperty("id").GetString()));
        Assert.Equal("succeeded", bodies[^1].GetProperty("status").GetString());
        Assert.Equal(shutProgress, bodies.Count == 1);
        Assert.Equal(bodies.Count, bodies.Select(b => b.GetRawText()).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Characters_UploadAndCreateFromAPid_GiveCharacterIds()
    {
        var upload = await PostAsync("v1/video/sora-upload-character", """{"url":"https://example.test/cat.mp4","timestamps":"0,3","webHook":"-1"}""");
        var uploadId = upload.GetProperty("data").GetProperty("id").GetString()!;
        var video = await SubmitAsync();
        _time.Advance(TimeSpan.FromSeconds(8));
        var pid = (await ResultAsync(video)).GetProperty("data").GetProperty("results")[0].GetProperty("pid").GetString();
        var create = await PostAsync("v1/video/sora-create-character", $$"""{"pid":"{{pid}}","timestamps":"2,5","webHook":"-1"}""");
        var createId = create.GetProperty("data").GetProperty("id").GetString()!;
        _time.Advance(TimeSpan.FromSeconds(8));

        foreach (var id in new[] { uploadId, createId })
        {
            var data = (await ResultAsync(id)).GetProperty("data");
            Assert.Equal("succeeded", data.GetProperty("status").GetString());
            var result = data.GetProperty("results")[0];
            Assert.Equal(["character_id"], result.EnumerateObject().Select(p => p.Name));
            Assert.StartsWith("emu_char_", result.GetProperty("character_id").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("v1/video/sora-upload-character", """{"url":"https://example.test/cat.mp4","timestamps":"0,4","webHook":"-1"}""")]
    [InlineData("v1/video/sora-upload-character", """{"url":"https://example.test/cat.mp4","timestamps":"3","webHook":"-1"}""")]
    [InlineData("v1/video/sora-upload-character", """{"timestamps":"0,3","webHook":"-1"}""")]
    [InlineData("v1/video/sora-create-character", """{"pid":"s_unknown","timestamps":"0,3","webHook":"-1"}""")]
    public async Task Characters_InvalidRequests_AreCodeMinus4(string path, string body)
    {
        AssertError(await PostAsync(path, body), -4);
    }

    [Fact]
    public async Task Remix_OfAFinishedPid_IsAccepted()
    {
        var source = await SubmitAsync();
        _time.Advance(TimeSpan.FromSeconds(8));
        var pid = (await ResultAsync(source)).GetProperty("data").GetProperty("results")[0].GetProperty("pid").GetString();

        var remix = await SubmitAsync("now at night", $$""","remixTargetId":"{{pid}}" """);

        Assert.NotEqual(source, remix);
    }

    [Fact]
    public async Task UnknownRoute_Is404()
    {
        await PostAsync("v1/video/sora-nothing", "{}", HttpStatusCode.NotFound);
    }
}
