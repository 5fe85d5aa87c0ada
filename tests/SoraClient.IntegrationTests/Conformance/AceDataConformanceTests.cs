using System.Text;
using SoraClient.Emulator;
using SoraClient.IntegrationTests.Support;
using SoraClient.Providers.AceData;

namespace SoraClient.IntegrationTests.Conformance;

public sealed class AceDataConformanceTests : VideoGeneratorConformanceTests
{
    protected override string Protocol => EmulatorProtocols.AceData;

    protected override string CreatePath => "/sora/videos";

    // Single reads and retrieve_batch share this path (the action is in the body).
    protected override string StatusPath => "/sora/tasks";

    // AceData hands out links: the bytes come from the CDN (the emulator's /media), not from the gateway.
    protected override string ContentProtocol => EmulatorProtocols.Media;

    protected override string ContentPath => "/*/video.mp4";

    protected override IVideoGenerator CreateGenerator(HttpClient httpClient, string apiKey) =>
        new AceDataVideoGenerator(httpClient, new AceDataOptions { Endpoint = Emulator.AceDataEndpoint, ApiKey = apiKey });

    [Theory]
    [InlineData(8, VideoAspectRatio.Portrait, null, "2.0", "720x1280")]
    [InlineData(12, VideoAspectRatio.Landscape, VideoResolution.High, "2.0", "1792x1024")]
    [InlineData(15, VideoAspectRatio.Landscape, VideoResolution.High, "1.0", "large-landscape")]
    [InlineData(null, null, null, "1.0", "small-portrait")]
    public async Task VersionChosenFromTheRequest_IsAcceptedByTheGatewayAndReported(int? seconds, VideoAspectRatio? aspect, VideoResolution? resolution, string version, string size)
    {
        var job = await Generator.SubmitAsync(new VideoGenerationRequest("a lighthouse") { DurationSeconds = seconds, AspectRatio = aspect, Resolution = resolution });
        var read = await Generator.GetJobAsync(job.Id);

        Assert.Equal((version, size), (job.Effective!.ProviderSettings["version"], job.Effective.Size));
        Assert.Equal((version, size), (read.Effective!.ProviderSettings["version"], read.Effective.Size)); // as the task records it
    }

    [Fact]
    public async Task ReferenceImageBytes_AreSentAsADataUrlTheGatewayChecks()
    {
        var job = await Generator.SubmitAsync(new VideoGenerationRequest("animate it")
        {
            DurationSeconds = 8,
            ReferenceImage = VideoInput.FromBytes(Testing.TestImages.Png(1280, 720), "image/png"),
        });

        Assert.Equal("1280x720", job.Effective!.Size);
    }

    [Fact]
    public async Task FiftyWaitsAtOnce_AreServedByBatchReads()
    {
        var jobs = new List<VideoJob>();
        for (var i = 0; i < 50; i++)
        {
            jobs.Add(await Generator.SubmitAsync(ValidRequest($"job {i}")));
        }

        var wait = new VideoWaitOptions { InitialDelay = TimeSpan.FromMilliseconds(200), MinInterval = TimeSpan.FromMilliseconds(200), MaxInterval = TimeSpan.FromMilliseconds(400), Timeout = TimeSpan.FromSeconds(60) };
        var done = await DriveAsync(Task.WhenAll(jobs.Select(j => Generator.WaitForCompletionAsync(j, wait))));

        Assert.All(done, j => Assert.Equal(VideoJobStatus.Succeeded, j.Status));
        var reads = Emulator.Requests.Count(Protocol, "POST", StatusPath);
        Assert.InRange(reads, 1, 25); // one request per round instead of 50
    }

    [Fact]
    public async Task Callback_IsParsedToTheFinishedJobAndConfirmedByARead()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var job = await Generator.SubmitAsync(new VideoGenerationRequest("call me back") { CallbackUri = receiver.Url("/sora/webhooks/acedata?token=abc") });

        ServerTime.Advance(JobDuration);
        var callback = await receiver.NextAsync();
        var reported = AceDataCallbackParser.Parse(Encoding.UTF8.GetBytes(callback.Body), "acedata");
        var confirmed = await Generator.GetJobAsync(reported.Id);

        Assert.Equal(job.Id, reported.Id);
        Assert.Equal(VideoJobStatus.Succeeded, reported.Status);
        Assert.Equal(confirmed.Assets.Single().Uri, reported.Assets.Single().Uri);
        Assert.Equal(VideoJobStatus.Succeeded, confirmed.Status);
    }
}
