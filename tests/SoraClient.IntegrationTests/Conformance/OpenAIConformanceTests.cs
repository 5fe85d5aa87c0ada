using SoraClient.Emulator;
using SoraClient.Providers.OpenAI;

namespace SoraClient.IntegrationTests.Conformance;

public sealed class OpenAIConformanceTests : VideoGeneratorConformanceTests
{
    protected override string Protocol => EmulatorProtocols.OpenAI;

    protected override string CreatePath => "/videos";

    protected override string StatusPath => "/videos/*";

    protected override string ContentPath => "/videos/*/content";

    protected override IVideoGenerator CreateGenerator(HttpClient httpClient, string apiKey) =>
        new OpenAIVideoGenerator(httpClient, new OpenAIOptions { ProviderName = "apiyi", Endpoint = Emulator.OpenAIEndpoint, ApiKey = apiKey });

    [Fact]
    public async Task ImageToVideo_MultipartUpload_IsAcceptedAndSized()
    {
        var png = Testing.TestImages.Png(1280, 720);

        var job = await Generator.SubmitAsync(new VideoGenerationRequest("animate it") { ReferenceImage = VideoInput.FromBytes(png, "image/png") });

        Assert.Equal("1280x720", job.Effective!.Size);
        Assert.Equal("1280x720", (await Generator.GetJobAsync(job.Id)).Effective!.Size); // as the gateway reports it
    }

    [Fact]
    public async Task RemixListAndDelete_WorkThroughTheAdapter()
    {
        var adapter = Generator.GetRequiredService<OpenAIVideoGenerator>();
        var source = await DriveAsync(Generator.GenerateAsync(new VideoGenerationRequest("original"), waitOptions: FastWait));

        var remix = await adapter.RemixAsync(source.Id, "now at night");
        var listed = new List<string>();
        await foreach (var job in adapter.ListJobsAsync(pageSize: 1))
        {
            listed.Add(job.Id);
        }

        Assert.Equal([remix.Id, source.Id], listed);
        Assert.True(await adapter.DeleteJobAsync(source.Id));
        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => Generator.GetJobAsync(source.Id));
    }
}
