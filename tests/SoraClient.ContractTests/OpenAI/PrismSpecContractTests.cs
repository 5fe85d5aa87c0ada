using SoraClient.ContractTests.Harness;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.ContractTests.OpenAI;

/// <summary>
/// Every request the adapter sends validates against OpenAI's own spec of <c>/v1/videos</c>, served by Prism as a
/// validating mock (a violation comes back as a 422 problem that <see cref="PrismRecordingHandler"/> records).
/// Prism's mock never advances a job and answers content with a placeholder: only the requests are under test here,
/// although the adapter must also read Prism's schema-generated answers.
/// </summary>
[Collection(SharedPrism.Name)]
public sealed class PrismSpecContractTests(PrismFixture prism) : OpenAIContractTest(prism)
{
    private const string VideoId = "video_123";

    /// <summary>Each model with each duration and each size it allows that the spec's <c>VideoSize</c> enum lists (1080p is not in it).</summary>
    public static TheoryData<string, int, string> JsonCreates()
    {
        string[] specSizes = ["720x1280", "1280x720", "1024x1792", "1792x1024"];
        var data = new TheoryData<string, int, string>();
        foreach (var model in new[] { OpenAIModels.Sora2, OpenAIModels.Sora2Pro })
        {
            foreach (var seconds in model.Durations)
            {
                foreach (var size in model.Sizes.Select(s => s.Name).Where(specSizes.Contains))
                {
                    data.Add(model.Model, seconds, size);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(JsonCreates))]
    public Task A_JSON_create_is_valid(string model, int seconds, string size) =>
        AssertValidAsync(async generator =>
        {
            var job = await generator.SubmitAsync(new VideoGenerationRequest("A calico cat playing a piano on stage") { Model = model, DurationSeconds = seconds, Size = size }, cancellationToken: Guard);
            Assert.Equal(size, job.Effective?.Size);
        });

    [Fact]
    public Task A_JSON_create_with_every_neutral_setting_is_valid() =>
        AssertValidAsync(generator => generator.SubmitAsync(
            new VideoGenerationRequest("A lighthouse in a storm") { Model = "sora-2-pro", DurationSeconds = 12, AspectRatio = VideoAspectRatio.Portrait, Resolution = VideoResolution.High },
            cancellationToken: Guard));

    [Fact]
    public Task A_JSON_create_with_defaults_only_is_valid() =>
        AssertValidAsync(generator => generator.SubmitAsync(new VideoGenerationRequest("x"), cancellationToken: Guard));

    [Fact]
    public Task A_JSON_create_with_an_image_url_reference_is_valid() =>
        AssertValidAsync(generator => generator.SubmitAsync(
            new VideoGenerationRequest("Animate this") { Size = "1280x720", ReferenceImage = VideoInput.FromUri(new Uri("https://cdn.example.com/first-frame.png")) },
            cancellationToken: Guard));

    [Fact]
    public Task A_JSON_create_with_a_data_uri_reference_is_valid() =>
        AssertValidAsync(generator => generator.SubmitAsync(
            new VideoGenerationRequest("Animate this") { ReferenceImage = VideoInput.FromUri(new Uri("data:image/png;base64," + Convert.ToBase64String(TestImages.Png(1280, 720)))) },
            cancellationToken: Guard));

    [Fact]
    public Task A_JSON_create_with_characters_is_valid() =>
        AssertValidAsync(generator => generator.SubmitAsync(
            new VideoGenerationRequest("Mochi the cat walks in") { Characters = ["char_123", "char_456"] },
            cancellationToken: Guard));

    [Theory]
    [InlineData("sora-2", 1280, 720, 4)]
    [InlineData("sora-2", 720, 1280, 12)]
    [InlineData("sora-2-pro", 1792, 1024, 8)]
    public Task A_multipart_create_with_a_PNG_reference_is_valid(string model, int width, int height, int seconds) =>
        AssertValidAsync(generator => generator.SubmitAsync(
            new VideoGenerationRequest("Animate this") { Model = model, DurationSeconds = seconds, ReferenceImage = VideoInput.FromBytes(TestImages.Png(width, height), "image/png", "first frame.png") },
            cancellationToken: Guard));

    [Fact]
    public Task A_multipart_create_with_characters_is_valid() =>
        AssertValidAsync(generator => generator.SubmitAsync(
            new VideoGenerationRequest("Mochi the cat walks in") { Characters = ["char_123"], ReferenceImage = VideoInput.FromBytes(TestImages.Png(720, 1280), "image/png") },
            cancellationToken: Guard));

    [Fact]
    public Task A_remix_is_valid() =>
        AssertValidAsync(generator => generator.RemixAsync(VideoId, "Make it night time", Guard));

    [Fact]
    public Task A_status_read_is_valid() =>
        AssertValidAsync(generator => generator.GetJobAsync(VideoId, Guard));

    [Theory]
    [InlineData(VideoAssetKind.Video)]
    [InlineData(VideoAssetKind.Thumbnail)]
    [InlineData(VideoAssetKind.Spritesheet)]
    public Task A_content_read_is_valid(VideoAssetKind kind) =>
        AssertValidAsync(async generator =>
        {
            var job = new VideoJob { Id = VideoId, Provider = ProviderName, Status = VideoJobStatus.Succeeded };
            await using var content = await generator.GetContentAsync(job, kind, Guard);
            await content.Content.CopyToAsync(Stream.Null, Guard);
        });

    [Theory]
    [InlineData(100, true)]
    [InlineData(2, false)]
    [InlineData(1, true)]
    public async Task A_listing_over_two_pages_is_valid(int pageSize, bool newestFirst)
    {
        var exchanges = await AssertValidAsync(async generator =>
        {
            var jobs = 0;
            await foreach (var _ in generator.ListJobsAsync(pageSize, newestFirst, Guard))
            {
                if (++jobs == 2)
                {
                    break; // Prism's mock always says has_more
                }
            }
        });

        var order = newestFirst ? "desc" : "asc";
        Assert.Equal(2, exchanges.Count);
        Assert.Equal($"/v1/videos?limit={pageSize}&order={order}", exchanges[0].PathAndQuery);
        Assert.Matches($@"^/v1/videos\?limit={pageSize}&order={order}&after=[^&]+$", exchanges[1].PathAndQuery); // the cursor is sent
    }

    [Fact]
    public Task A_delete_is_valid() =>
        AssertValidAsync(async generator => Assert.True(await generator.DeleteJobAsync(VideoId, Guard)));

    /// <summary>Runs SDK calls against Prism; fails when Prism found a violation, or when the SDK could not read a valid answer.</summary>
    private async Task<IReadOnlyList<PrismExchange>> AssertValidAsync(Func<OpenAIVideoGenerator, Task> call)
    {
        var recorder = new PrismRecordingHandler();
        using var generator = new OpenAIVideoGenerator(
            CreateHttpClient(recorder),
            new OpenAIOptions { Endpoint = Prism.OpenAIBaseUri, ApiKey = "sk-prism-0123456789", ProviderName = "prism", MaxRetries = 0, RequestTimeout = FastForwardClock.LongTimeout },
            Clock.Time,
            Logs);
        Exception? failure = null;
        try
        {
            await call(generator);
        }
        catch (VideoGenerationException ex)
        {
            failure = ex;
        }

        Assert.NotEmpty(recorder.Exchanges);
        recorder.AssertNoViolations();
        if (failure is not null)
        {
            Assert.Fail($"Prism accepted every request, but the SDK failed: {failure}");
        }

        return recorder.Exchanges;
    }
}
