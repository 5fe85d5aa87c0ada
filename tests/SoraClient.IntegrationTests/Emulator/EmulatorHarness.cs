using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SoraClient.Emulator;
using SoraClient.Testing;

namespace SoraClient.IntegrationTests.Emulator;

/// <summary>
/// One emulator on a free loopback port, driven by a manual clock, with a raw <see cref="HttpClient"/> whose base
/// address is the OpenAI endpoint (relative paths like <c>videos/{id}</c>) and which sends the emulator's key.
/// </summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    private EmulatorHarness(SoraEmulator emulator, ManualTimeProvider time)
    {
        Emulator = emulator;
        Time = time;
        Http = new HttpClient { BaseAddress = new Uri(emulator.OpenAIEndpoint + "/") };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
    }

    public SoraEmulator Emulator { get; }

    public ManualTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<EmulatorHarness> StartAsync(Action<SoraEmulatorOptions>? configure = null)
    {
        var time = new ManualTimeProvider();
        var options = new SoraEmulatorOptions { TimeProvider = time };
        configure?.Invoke(options);
        return new EmulatorHarness(await SoraEmulator.StartAsync(options), time);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the status and OpenAI's exact error envelope: one <c>error</c> key holding exactly message, type, param and code.</summary>
    public static async Task<JsonElement> AssertErrorAsync(
        HttpResponseMessage response, HttpStatusCode status, string? param, string? code, string type = "invalid_request_error")
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-request-id"));
        var body = await ReadJsonAsync(response);
        AssertKeys(body, ["error"]);
        var error = body.GetProperty("error");
        AssertKeys(error, ["message", "type", "param", "code"]);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(type, error.GetProperty("type").GetString());
        AssertStringOrNull(param, error.GetProperty("param"));
        AssertStringOrNull(code, error.GetProperty("code"));
        return error;
    }

    /// <summary>Asserts an object's keys, in order.</summary>
    public static void AssertKeys(JsonElement value, IEnumerable<string> expected) =>
        Assert.Equal(expected, value.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);

    public static void AssertStringOrNull(string? expected, JsonElement actual)
    {
        if (expected is null)
        {
            Assert.Equal(JsonValueKind.Null, actual.ValueKind);
        }
        else
        {
            Assert.Equal(expected, actual.GetString());
        }
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) => Http.PostAsync(path, Json(json));

    /// <summary>Creates a video with a JSON body and returns the Video object.</summary>
    public async Task<JsonElement> CreateVideoAsync(string json = """{"prompt":"A calico cat playing a piano on stage"}""")
    {
        using var response = await PostJsonAsync("videos", json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public async Task<string> CreateVideoIdAsync(string json = """{"prompt":"A calico cat playing a piano on stage"}""") =>
        (await CreateVideoAsync(json)).GetProperty("id").GetString()!;

    public async Task<JsonElement> GetVideoAsync(string id)
    {
        using var response = await Http.GetAsync($"videos/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    /// <summary>Creates a video and moves the clock past its completion.</summary>
    public async Task<string> CreateCompletedVideoIdAsync(string json = """{"prompt":"A calico cat playing a piano on stage"}""")
    {
        var id = await CreateVideoIdAsync(json);
        Time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal("completed", (await GetVideoAsync(id)).GetProperty("status").GetString());
        return id;
    }

    /// <summary>Completes when the emulator starts waiting on the manual clock (a delay fault), so the test can advance it.</summary>
    public Task WhenTimerScheduledAsync()
    {
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Time.TimerScheduled = _ => scheduled.TrySetResult();
        return scheduled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
