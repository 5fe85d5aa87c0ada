using System.Text;
using SoraClient.Emulator;
using SoraClient.IntegrationTests.Support;
using SoraClient.Providers.GrsAI;

namespace SoraClient.IntegrationTests.Conformance;

public sealed class GrsAIConformanceTests : VideoGeneratorConformanceTests
{
    private const string ResultPath = "/v1/draw/result";
    private static readonly VideoGenerationOptions s_streaming = new() { DeliveryMode = VideoDeliveryMode.Streaming };

    protected override string Protocol => EmulatorProtocols.GrsAI;

    protected override string CreatePath => "/v1/video/sora-video";

    protected override string StatusPath => ResultPath;

    // GrsAI has no content endpoint: results are links to a CDN, which the emulator's /media stand-in plays.
    protected override string ContentProtocol => EmulatorProtocols.Media;

    protected override string ContentPath => "/*/sample.mp4";

    protected override IVideoGenerator CreateGenerator(HttpClient httpClient, string apiKey) =>
        new GrsAIVideoGenerator(httpClient, new GrsAIOptions { ProviderName = "grsai", Endpoint = Emulator.GetEndpoint(EmulatorProtocols.GrsAI), ApiKey = apiKey });

    /// <summary>A generator on the emulator's clock, so its own waits (character tasks) pass as the test drives the clock.</summary>
    private GrsAIVideoGenerator OnServerTime(HttpClient http) =>
        new(http, new GrsAIOptions { Endpoint = Emulator.GetEndpoint(EmulatorProtocols.GrsAI), ApiKey = Emulator.ApiKey }, ServerTime);

    [Fact]
    public async Task Streaming_GeneratesFromTheStreamAloneWithoutStatusReads()
    {
        var updates = new List<int?>();

        var job = await DriveAsync(Generator.GenerateAsync(ValidRequest("streamed lighthouse"), s_streaming, FastWait, new Progress(j => updates.Add(j.Progress))));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.True(updates.Count >= 3, string.Join(", ", updates));
        Assert.Equal(0, Emulator.Requests.Count(Protocol, "POST", ResultPath));
        using var video = new MemoryStream();
        await Generator.DownloadAsync(job, video);
        Assert.True(video.Length > 1000);
    }

    [Fact]
    public async Task Streaming_CutAfterTheFirstRecord_FollowsTheSameTaskByPollingWithOneCreate()
    {
        // "data: " + the first snapshot + a blank line, then a few bytes of the next record, then nothing more
        var firstRecord = "data: " + $$"""{"id":"{{Guid.Empty}}","results":[],"progress":0,"status":"running","failure_reason":"","error":""}""" + "\n\n";
        Emulator.Faults.Add(EmulatorFault.TruncateBody(afterBytes: Encoding.UTF8.GetByteCount(firstRecord) + 10).For(Protocol, "POST", CreatePath));

        var job = await DriveAsync(Generator.GenerateAsync(ValidRequest("cut short"), s_streaming, FastWait));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(1, Emulator.Requests.Count(Protocol, "POST", CreatePath));
        Assert.Equal(1, Emulator.Jobs.CreatedCount(Protocol));
        Assert.True(Emulator.Requests.Count(Protocol, "POST", ResultPath) >= 1);
    }

    [Fact]
    public async Task Webhook_CallbackUriReceivesTheTaskAndParsesToTheSameJob()
    {
        await using var receiver = await CallbackReceiver.StartAsync();

        var done = await DriveAsync(Generator.GenerateAsync(new VideoGenerationRequest("called back") { CallbackUri = receiver.BaseAddress }, waitOptions: FastWait));
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10));

        var adapter = Generator.GetRequiredService<GrsAIVideoGenerator>();
        var called = receiver.Bodies.Select(b => adapter.ParseCallback(Encoding.UTF8.GetBytes(b))).ToList();
        Assert.All(called, c => Assert.Equal(done.Id, c.Id));
        Assert.Contains(called, c => c.Status != VideoJobStatus.Queued);
    }

    [Fact]
    public async Task Characters_UploadCreateAndUse_WorkEndToEnd()
    {
        using var http = new HttpClient();
        using var grsai = OnServerTime(http);
        var characters = ((IVideoGenerator)grsai).GetRequiredService<IVideoCharacterClient>();

        var uploaded = await DriveAsync(characters.UploadCharacterAsync(VideoInput.FromUri(new Uri("https://example.test/cat.mp4")), TimeSpan.Zero, TimeSpan.FromSeconds(3)));
        var source = await DriveAsync(Generator.GenerateAsync(ValidRequest("a hero walks in"), waitOptions: FastWait));
        var created = await DriveAsync(characters.CreateCharacterAsync(source.Assets[0].ProviderReference!, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)));
        var featuring = await DriveAsync(Generator.GenerateAsync(
            new VideoGenerationRequest("the two meet at the gate") { Characters = [uploaded.Id, created.Id] }, waitOptions: FastWait));

        Assert.StartsWith("emu_char_", uploaded.Id, StringComparison.Ordinal);
        Assert.NotEqual(uploaded.Id, created.Id);
        Assert.Equal(VideoJobStatus.Succeeded, featuring.Status);
    }

    [Fact]
    public async Task Remix_OfAResultsPid_Completes()
    {
        var source = await DriveAsync(Generator.GenerateAsync(ValidRequest("the original"), waitOptions: FastWait));

        var remix = await DriveAsync(Generator.GenerateAsync(new VideoGenerationRequest("the same, at night") { RemixOf = source.Assets[0].ProviderReference }, waitOptions: FastWait));

        Assert.Equal(VideoJobStatus.Succeeded, remix.Status);
        Assert.NotEqual(source.Id, remix.Id);
    }

    [Fact]
    public async Task InsufficientCredits_ThrowsQuotaAndCreatesNothing()
    {
        Emulator.Faults.Add(EmulatorFault.InsufficientBalance().For(Protocol, "POST", CreatePath));

        var error = await Assert.ThrowsAsync<VideoQuotaExceededException>(() => Generator.SubmitAsync(ValidRequest("no money")));

        Assert.Equal("-1", error.ProviderErrorCode);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal(0, Emulator.Jobs.CreatedCount(Protocol));
    }

    [Fact]
    public async Task TaskNotVisibleAtFirst_IsWaitedOutAndCompletes()
    {
        var job = await DriveAsync(Generator.GenerateAsync(ValidRequest("registered late " + EmulatorPromptMarkers.NotVisibleYet), waitOptions: FastWait));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
    }

    private sealed class Progress(Action<VideoJob> report) : IProgress<VideoJob>
    {
        public void Report(VideoJob value) => report(value);
    }
}
