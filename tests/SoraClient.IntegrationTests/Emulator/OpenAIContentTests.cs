using System.Net;
using System.Net.Http.Headers;
using SoraClient.Emulator;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class OpenAIContentTests
{
    [Fact]
    public async Task GetContent_Completed_ReturnsRealMp4WithLengthEtagAndAcceptRanges()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();

        using var response = await harness.Http.GetAsync($"videos/{id}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.InRange(bytes.Length, 1_000, 100_000);
        Assert.Equal("ftyp"u8.ToArray(), bytes[4..8]); // an ISO BMFF file starts with its ftyp box
        Assert.Contains("moov", System.Text.Encoding.ASCII.GetString(bytes[..200]), StringComparison.Ordinal); // +faststart
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.True(response.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task GetContent_VariantVideoExplicit_SameBytesAsDefault()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();

        var byDefault = await harness.Http.GetByteArrayAsync($"videos/{id}/content");
        var explicitly = await harness.Http.GetByteArrayAsync($"videos/{id}/content?variant=video");

        Assert.Equal(byDefault, explicitly);
    }

    [Fact]
    public async Task GetContent_Thumbnail_ReturnsWebP()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();

        using var response = await harness.Http.GetAsync($"videos/{id}/content?variant=thumbnail");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal("WEBP"u8.ToArray(), bytes[8..12]);
    }

    [Fact]
    public async Task GetContent_Spritesheet_ReturnsJpeg()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();

        using var response = await harness.Http.GetAsync($"videos/{id}/content?variant=spritesheet");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, bytes[..3]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, bytes[^2..]);
    }

    [Fact]
    public async Task GetContent_UnknownVariant_Returns400()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();

        using var response = await harness.Http.GetAsync($"videos/{id}/content?variant=gif");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "variant", "invalid_value");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task GetContent_NotCompletedYet_Returns400NotReady(int secondsAfterCreate)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateVideoIdAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(secondsAfterCreate));

        using var response = await harness.Http.GetAsync($"videos/{id}/content");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "video_id", "video_not_ready");
    }

    [Fact]
    public async Task GetContent_UnknownVideo_Returns404()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.Http.GetAsync("videos/video_nope/content");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.NotFound, "video_id", code: null);
    }

    [Fact]
    public async Task GetContent_AfterAssetLifetime_Returns404ExpiredWhileVideoStaysCompleted()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.AssetLifetime = TimeSpan.FromHours(1));
        var id = await harness.CreateCompletedVideoIdAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(59));
        using (var stillThere = await harness.Http.GetAsync($"videos/{id}/content"))
        {
            Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        }

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        using var response = await harness.Http.GetAsync($"videos/{id}/content");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.NotFound, "video_id", "video_expired");
        var video = await harness.GetVideoAsync(id);
        Assert.Equal("completed", video.GetProperty("status").GetString());
        Assert.True(video.GetProperty("expires_at").GetInt64() <= harness.Time.GetUtcNow().ToUnixTimeSeconds());
        Assert.True(harness.Emulator.Jobs.Find(id)!.IsExpired);
    }

    [Fact]
    public async Task GetContent_RangeFromOffset_Returns206WithContentRangeAndTheTail()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        var full = await harness.Http.GetByteArrayAsync($"videos/{id}/content");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"videos/{id}/content");
        request.Headers.Range = new RangeHeaderValue(1000, null);

        using var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        var range = response.Content.Headers.ContentRange!;
        Assert.Equal((1000L, full.Length - 1L, (long)full.Length), (range.From!.Value, range.To!.Value, range.Length!.Value));
        Assert.Equal(full.Length - 1000L, response.Content.Headers.ContentLength);
        Assert.Equal(full[1000..], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetContent_ClosedRange_ReturnsExactlyThoseBytes()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        var full = await harness.Http.GetByteArrayAsync($"videos/{id}/content");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"videos/{id}/content");
        request.Headers.Range = new RangeHeaderValue(0, 7);

        using var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(full[..8], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetContent_RangeBeyondEnd_Returns416()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"videos/{id}/content");
        request.Headers.Range = new RangeHeaderValue(10_000_000, null);

        using var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Fact]
    public async Task GetContent_IfRangeWithOtherEtag_ReturnsWholeBody()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"videos/{id}/content");
        request.Headers.Range = new RangeHeaderValue(1000, null);
        request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"something-else\""));

        using var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetContent_IfRangeWithSameEtag_ReturnsPartialBody()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        using var first = await harness.Http.GetAsync($"videos/{id}/content");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"videos/{id}/content");
        request.Headers.Range = new RangeHeaderValue(1000, null);
        request.Headers.IfRange = new RangeConditionHeaderValue(first.Headers.ETag!);

        using var response = await harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
    }

    [Fact]
    public async Task GetContent_FailedVideo_Returns400VideoFailed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateVideoIdAsync();
        Assert.True(harness.Emulator.Jobs.Fail(id, EmulatorJobFailure.ServerError));

        using var response = await harness.Http.GetAsync($"videos/{id}/content");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "video_id", "video_failed");
    }
}
