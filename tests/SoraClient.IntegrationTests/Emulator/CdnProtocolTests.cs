using System.Net;
using System.Net.Http.Headers;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class CdnProtocolTests
{
    [Fact]
    public async Task Media_CompletedJob_ServesEachFileWithoutAKeyAndWithRanges()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        using var anonymous = new HttpClient { BaseAddress = harness.Emulator.BaseAddress };

        var video = await anonymous.GetByteArrayAsync($"media/{id}/sample.mp4");
        var content = await harness.Http.GetByteArrayAsync($"videos/{id}/content");
        using var range = new HttpRequestMessage(HttpMethod.Get, $"media/{id}/sample.mp4") { Headers = { Range = new RangeHeaderValue(100, null) } };
        using var partial = await anonymous.SendAsync(range);

        Assert.Equal(content, video);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(video[100..], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/webp", (await anonymous.GetAsync($"media/{id}/thumbnail.webp")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Media_UnfinishedExpiredOrUnknown_Is404()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var expired = await harness.CreateCompletedVideoIdAsync();
        harness.Emulator.Jobs.Expire(expired);
        var running = await harness.CreateVideoIdAsync();
        using var anonymous = new HttpClient { BaseAddress = harness.Emulator.BaseAddress };

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"media/{running}/sample.mp4")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"media/{expired}/sample.mp4")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("media/nope/sample.mp4")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"media/{running}/other.bin")).StatusCode);
    }
}
