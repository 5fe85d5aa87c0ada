using System.Text.Json.Nodes;
using SoraClient.Providers.GrsAI;
using SoraClient.Testing;
using static SoraClient.Tests.Providers.GrsAI.GrsAIVideoGeneratorTests;

namespace SoraClient.Tests.Providers.GrsAI;

public sealed class GrsAICharacterTests
{
    private const string UploadPath = "/v1/video/sora-upload-character";
    private const string CreatePath = "/v1/video/sora-create-character";
    private const string ResultPath = "/v1/draw/result";
    private const string CharacterTaskId = "0b9c1f9e-5a7d-4c1e-9f57-7f1d2f0c3a11";
    private static readonly string s_accepted = $$$"""{"code":0,"msg":"success","data":{"id":"{{{CharacterTaskId}}}"}}""";
    private readonly StubHttpHandler _http = new();
    private readonly ManualTimeProvider _time = new();

    private IVideoCharacterClient Create(Action<GrsAIOptions>? configure = null)
    {
        var options = new GrsAIOptions { ApiKey = Key, MaxRetries = 0 };
        configure?.Invoke(options);
        IVideoGenerator generator = new GrsAIVideoGenerator(_http.CreateClient(), options, _time);
        return generator.GetRequiredService<IVideoCharacterClient>();
    }

    /// <summary>Runs a call that polls, moving the manual clock until it completes.</summary>
    private async Task<T> DriveAsync<T>(Task<T> work)
    {
        for (var i = 0; i < 200 && !work.IsCompleted; i++)
        {
            await Task.Delay(1);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return await work.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task UploadCharacterAsync_FromUrl_SendsUrlAndTimestampsThenPollsTheTask()
    {
        _http.OnJson(HttpMethod.Post, UploadPath, 200, s_accepted);
        _http.On(HttpMethod.Post, ResultPath,
            _ => StubHttpHandler.Json(200, $$$"""{"code":0,"data":{"id":"{{{CharacterTaskId}}}","status":"running","progress":40,"results":[]}}"""),
            _ => StubHttpHandler.Json(200, Fixture("character-succeeded.json")));
        var characters = Create();

        var character = await DriveAsync(characters.UploadCharacterAsync(
            VideoInput.FromUri(new Uri("https://example.test/cartoon-cat.mp4")), TimeSpan.Zero, TimeSpan.FromSeconds(3)));

        var sent = Assert.Single(_http.RequestsTo(HttpMethod.Post, UploadPath));
        Assert.Equal("Bearer " + Key, sent.Header("Authorization"));
        Assert.Equal("""{"url":"https://example.test/cartoon-cat.mp4","timestamps":"0,3","webHook":"-1"}""", sent.BodyText);
        Assert.Equal("cartoon_cat_001", character.Id);
        Assert.Equal("grsai", character.Provider);
        Assert.Equal(CharacterTaskId, character.TaskId);
        Assert.Equal(2, _http.RequestsTo(HttpMethod.Post, ResultPath).Count());
    }

    [Fact]
    public async Task UploadCharacterAsync_FromBytes_SendsBase64AndFractionalTimestamps()
    {
        _http.OnJson(HttpMethod.Post, UploadPath, 200, Fixture("character-direct.json"));
        var characters = Create();
        byte[] clip = [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p'];

        var character = await characters.UploadCharacterAsync(VideoInput.FromBytes(clip, "video/mp4"), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(4));

        var body = JsonNode.Parse(Assert.Single(_http.Requests).BodyText)!;
        Assert.Equal(Convert.ToBase64String(clip), body["url"]!.GetValue<string>());
        Assert.Equal("1.5,4", body["timestamps"]!.GetValue<string>());
        Assert.Equal("cartoon_cat_001", character.Id); // GrsAI's own example: the character comes in the answer itself
    }

    [Theory]
    [InlineData(-1, 2, "start must not be negative")]
    [InlineData(2, 2, "end must come after the start")]
    [InlineData(0, 3.5, "at most 3 s")]
    public async Task UploadCharacterAsync_InvalidWindow_IsRefusedBeforeSending(double start, double end, string problem)
    {
        var characters = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => characters.UploadCharacterAsync(
            VideoInput.FromUri(new Uri("https://example.test/clip.mp4")), TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end)));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task UploadCharacterAsync_AnImage_IsRefusedBeforeSending()
    {
        var characters = Create();

        await Assert.ThrowsAsync<VideoRequestValidationException>(() => characters.UploadCharacterAsync(
            VideoInput.FromBytes(TestImages.Png(8, 8), "image/png"), TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task CreateCharacterAsync_FromPid_SendsPidAndTimestamps()
    {
        _http.OnJson(HttpMethod.Post, CreatePath, 200, s_accepted);
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("character-succeeded.json"));
        var characters = Create();

        var character = await DriveAsync(characters.CreateCharacterAsync(Pid, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)));

        Assert.Equal($$"""{"pid":"{{Pid}}","timestamps":"2,5","webHook":"-1"}""", Assert.Single(_http.RequestsTo(HttpMethod.Post, CreatePath)).BodyText);
        Assert.Equal("cartoon_cat_001", character.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData(TaskId)]
    public async Task CreateCharacterAsync_NotAPid_IsRefusedBeforeSending(string reference)
    {
        var characters = Create();

        var error = await Assert.ThrowsAsync<VideoRequestValidationException>(() => characters.CreateCharacterAsync(reference, TimeSpan.Zero, TimeSpan.FromSeconds(3)));

        Assert.Equal("videoReference", error.ParamName);
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task CreateCharacterAsync_TaskFails_ThrowsJobFailedWithTheReason()
    {
        _http.OnJson(HttpMethod.Post, CreatePath, 200, s_accepted);
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("character-failed.json"));
        var characters = Create();

        var error = await Assert.ThrowsAsync<VideoJobFailedException>(() => DriveAsync(characters.CreateCharacterAsync(Pid, TimeSpan.Zero, TimeSpan.FromSeconds(3))));

        Assert.Equal(CharacterTaskId, error.Job!.Id);
        Assert.Equal(VideoErrorCategory.ContentPolicy, error.Job.Error!.Category);
        Assert.Equal("real person detected", error.Job.Error.Message);
    }

    [Fact]
    public async Task CreateCharacterAsync_SucceededWithoutCharacterId_ThrowsJobFailed()
    {
        _http.OnJson(HttpMethod.Post, CreatePath, 200, s_accepted);
        _http.OnJson(HttpMethod.Post, ResultPath, 200, Fixture("result-succeeded.json"));
        var characters = Create();

        var error = await Assert.ThrowsAsync<VideoJobFailedException>(() => DriveAsync(characters.CreateCharacterAsync(Pid, TimeSpan.Zero, TimeSpan.FromSeconds(3))));

        Assert.Equal("no_result", error.Job!.Error!.Code);
    }

    [Fact]
    public async Task CreateCharacterAsync_TaskNeverFinishes_TimesOut()
    {
        _http.OnJson(HttpMethod.Post, CreatePath, 200, s_accepted);
        _http.OnJson(HttpMethod.Post, ResultPath, 200, $$$"""{"code":0,"data":{"id":"{{{CharacterTaskId}}}","status":"running","progress":1}}""");
        var characters = Create(o => o.CharacterTimeout = TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => DriveAsync(characters.CreateCharacterAsync(Pid, TimeSpan.Zero, TimeSpan.FromSeconds(3))));

        Assert.Equal(CharacterTaskId, error.LastJob!.Id);
    }

    [Fact]
    public async Task UploadCharacterAsync_InsufficientCredits_ThrowsQuota()
    {
        _http.OnJson(HttpMethod.Post, UploadPath, 200, Fixture("error-insufficient-credits.json"));
        var characters = Create();

        await Assert.ThrowsAsync<VideoQuotaExceededException>(() => characters.UploadCharacterAsync(
            VideoInput.FromUri(new Uri("https://example.test/clip.mp4")), TimeSpan.Zero, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task CreateCharacterAsync_TaskNotVisibleAtFirst_IsToleratedThenCompletes()
    {
        _http.OnJson(HttpMethod.Post, CreatePath, 200, s_accepted);
        _http.On(HttpMethod.Post, ResultPath,
            _ => StubHttpHandler.Json(200, Fixture("error-task-not-found.json")),
            _ => StubHttpHandler.Json(200, Fixture("character-succeeded.json")));
        var characters = Create();

        var character = await DriveAsync(characters.CreateCharacterAsync(Pid, TimeSpan.Zero, TimeSpan.FromSeconds(3)));

        Assert.Equal("cartoon_cat_001", character.Id);
    }

    [Fact]
    public async Task CreateCharacterAsync_AFailedPoll_CountsAgainstTheWaitersFailureBudgetInsteadOfEndingTheWait()
    {
        _http.OnJson(HttpMethod.Post, CreatePath, 200, s_accepted);
        _http.On(HttpMethod.Post, ResultPath,
            _ => StubHttpHandler.Json(503, """{"code":503,"msg":"busy"}"""),
            _ => StubHttpHandler.Json(200, Fixture("character-succeeded.json")));
        var characters = Create(); // MaxRetries = 0: the transport does not retry the poll itself

        var character = await DriveAsync(characters.CreateCharacterAsync(Pid, TimeSpan.Zero, TimeSpan.FromSeconds(3)));

        Assert.Equal("cartoon_cat_001", character.Id);
        Assert.Equal(2, _http.RequestsTo(HttpMethod.Post, ResultPath).Count());
    }
}
