using System.Text;
using SoraClient.Emulator;
using SoraClient.IntegrationTests.Support;
using SoraClient.Providers.AIVideoApi;

namespace SoraClient.IntegrationTests.Conformance;

public sealed class AIVideoApiConformanceTests : VideoGeneratorConformanceTests
{
    protected override string Protocol => EmulatorProtocols.AIVideoApi;

    protected override string CreatePath => "/v1/videos/generations";

    protected override string StatusPath => "/v1/tasks/*";

    // aivideoapi hands out links: the bytes come from the CDN (the emulator's /media), not from the gateway.
    protected override string ContentProtocol => EmulatorProtocols.Media;

    protected override string ContentPath => "/*/video.mp4";

    protected override IVideoGenerator CreateGenerator(HttpClient httpClient, string apiKey) =>
        new AIVideoApiVideoGenerator(httpClient, new AIVideoApiOptions { Endpoint = Emulator.AIVideoApiEndpoint, ApiKey = apiKey });

    [Fact]
    public async Task PortraitEightSecondsImageUrl_IsAcceptedAndReportsProgress()
    {
        var job = await Generator.SubmitAsync(new VideoGenerationRequest("animate it")
        {
            AspectRatio = VideoAspectRatio.Portrait,
            DurationSeconds = 8,
            ReferenceImage = VideoInput.FromUri(new Uri("https://cdn.example.test/first-frame.png")),
        });

        ServerTime.Advance(JobDuration / 2);
        var running = await Generator.GetJobAsync(job.Id);

        Assert.Equal(("9:16", 8), (job.Effective!.Size, job.Effective.DurationSeconds));
        Assert.InRange(running.Progress!.Value, 1, 99);
    }

    [Fact]
    public async Task Succeeded_ExpiresADayAfterCompletion()
    {
        var job = await DriveAsync(Generator.GenerateAsync(ValidRequest("short-lived"), waitOptions: FastWait));

        Assert.Equal(job.CompletedAt + TimeSpan.FromHours(24), job.ExpiresAt);
    }

    [Fact]
    public async Task Callback_IsParsedToTheFinishedJobAndConfirmedByARead()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var job = await Generator.SubmitAsync(new VideoGenerationRequest("call me back") { CallbackUri = receiver.Url("/sora/webhooks/aivideoapi?token=abc") });

        ServerTime.Advance(JobDuration);
        var callback = await receiver.NextAsync();
        var reported = AIVideoApiCallbackParser.Parse(Encoding.UTF8.GetBytes(callback.Body), "aivideoapi");
        var confirmed = await Generator.GetJobAsync(reported.Id);

        Assert.Equal(job.Id, reported.Id);
        Assert.Equal(VideoJobStatus.Succeeded, reported.Status);
        Assert.Equal(confirmed.Assets.Single().Uri, reported.Assets.Single().Uri);
    }

    [Fact]
    public async Task FailedJobCallback_CarriesTheCategorisedError()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await Generator.SubmitAsync(new VideoGenerationRequest("[emulator:moderation] nope") { CallbackUri = receiver.Url("/hook") });

        ServerTime.Advance(JobDuration);
        var reported = AIVideoApiCallbackParser.Parse(Encoding.UTF8.GetBytes((await receiver.NextAsync()).Body));

        Assert.Equal(VideoJobStatus.Failed, reported.Status);
        Assert.Equal(VideoErrorCategory.ContentPolicy, reported.Error!.Category);
    }
}
