using System.Text;
using SoraClient.Providers.AceData;

namespace SoraClient.Tests.Providers.AceData;

/// <summary>The bodies AceData POSTs to <c>callback_url</c>: the synchronous answer's shape, success and failure; a task record is accepted too.</summary>
public sealed class AceDataCallbackParserTests
{
    private const string TaskId = "6d2c2b4d-3f0c-4d7a-9a57-5b6f5ad2f6a1";

    private static byte[] Body(string fixture) => Encoding.UTF8.GetBytes(AceDataVideoGeneratorTests.Fixture(fixture));

    [Fact]
    public async Task Parse_StringStreamAndGeneratorOverloads_GiveTheSameJob()
    {
        var text = AceDataVideoGeneratorTests.Fixture("result-succeeded.json");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        using var http = new HttpClient();
        using var generator = new AceDataVideoGenerator(http, new AceDataOptions { ApiKey = "k", ProviderName = "acedata-eu" });

        VideoJob[] jobs =
        [
            AceDataCallbackParser.Parse(text, "acedata-eu"),
            await AceDataCallbackParser.ParseAsync(stream, "acedata-eu"),
            generator.ParseCallback(text),
            generator.ParseCallback(Encoding.UTF8.GetBytes(text)),
        ];

        Assert.All(jobs, job => Assert.Equal(("acedata-eu", TaskId, VideoJobStatus.Succeeded), (job.Provider, job.Id, job.Status)));
    }

    [Fact]
    public async Task ParseAsync_OversizedBody_IsAFormatException()
    {
        using var stream = new MemoryStream(new byte[(1024 * 1024) + 1]);

        await Assert.ThrowsAsync<FormatException>(() => AceDataCallbackParser.ParseAsync(stream));
    }

    [Fact]
    public void Parse_SucceededResult_IsASucceededJobWithTheVideoLink()
    {
        var job = AceDataCallbackParser.Parse(Body("result-succeeded.json"), "acedata-eu");

        Assert.Equal(TaskId, job.Id);
        Assert.Equal("acedata-eu", job.Provider);
        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal("succeeded", job.ProviderStatus);
        var asset = Assert.Single(job.Assets);
        Assert.Equal(new Uri("https://platform.cdn.acedata.cloud/sora/0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f.mp4"), asset.Uri);
        Assert.Equal("0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", asset.ProviderReference);
        Assert.Equal("acedata-eu:" + TaskId, job.Reference.ToString());
    }

    [Fact]
    public void Parse_FailedResult_IsAFailedJobWithTheCategorisedError()
    {
        var job = AceDataCallbackParser.Parse(Body("result-failed.json"));

        Assert.Equal(TaskId, job.Id);
        Assert.Equal("acedata", job.Provider);
        Assert.Equal(VideoJobStatus.Failed, job.Status);
        Assert.Equal("content_policy_violation", job.Error!.Code);
        Assert.Equal(VideoErrorCategory.ContentPolicy, job.Error.Category);
        Assert.Empty(job.Assets);
    }

    [Fact]
    public void Parse_TaskRecord_IsAcceptedToo()
    {
        var job = AceDataCallbackParser.Parse(Body("task-succeeded.json"));

        Assert.Equal(TaskId, job.Id);
        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal("sora-2-pro", job.Model);
        Assert.Equal("1.0", job.Effective!.ProviderSettings["version"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"success":true}""")]
    [InlineData("""{"task_id":"t","data":[{"state":7}]}""")]
    public void Parse_NotAnAceDataResult_ThrowsFormatException(string body)
    {
        Assert.Throws<FormatException>(() => AceDataCallbackParser.Parse(Encoding.UTF8.GetBytes(body)));
    }
}
