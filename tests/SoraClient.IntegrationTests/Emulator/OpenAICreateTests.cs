using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SoraClient.Emulator;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class OpenAICreateTests
{
    private static readonly string[] s_videoKeys =
    [
        "id", "object", "model", "status", "progress", "created_at", "completed_at", "expires_at",
        "prompt", "size", "seconds", "remixed_from_video_id", "error",
    ];

    [Fact]
    public async Task CreateJson_PromptOnly_ReturnsQueuedVideoWithEveryRequiredFieldAndDefaults()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.PostJsonAsync("videos", """{"prompt":"A calico cat playing a piano on stage"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1000", Assert.Single(response.Headers.GetValues("openai-poll-after-ms")));
        var video = await EmulatorHarness.ReadJsonAsync(response);
        EmulatorHarness.AssertKeys(video, s_videoKeys);
        Assert.Matches("^video_[0-9a-f]{48}$", video.GetProperty("id").GetString());
        Assert.Equal("video", video.GetProperty("object").GetString());
        Assert.Equal("sora-2", video.GetProperty("model").GetString());
        Assert.Equal("queued", video.GetProperty("status").GetString());
        Assert.Equal(0, video.GetProperty("progress").GetInt32());
        Assert.Equal(harness.Time.GetUtcNow().ToUnixTimeSeconds(), video.GetProperty("created_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, video.GetProperty("completed_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, video.GetProperty("expires_at").ValueKind);
        Assert.Equal("A calico cat playing a piano on stage", video.GetProperty("prompt").GetString());
        Assert.Equal("720x1280", video.GetProperty("size").GetString());
        Assert.Equal("4", video.GetProperty("seconds").GetString());
        Assert.Equal(JsonValueKind.Null, video.GetProperty("remixed_from_video_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, video.GetProperty("error").ValueKind);
        Assert.Equal(1, harness.Emulator.Jobs.CreatedCount(EmulatorProtocols.OpenAI));
    }

    [Theory]
    [InlineData("sora-2", "12", "1280x720")]
    [InlineData("sora-2-2025-10-06", "8", "720x1280")]
    [InlineData("sora-2-2025-12-08", "4", "1280x720")]
    [InlineData("sora-2-pro", "8", "1792x1024")]
    [InlineData("sora-2-pro", "12", "1080x1920")]
    [InlineData("sora-2-pro-2025-10-06", "4", "1920x1080")]
    public async Task CreateJson_SupportedModelSecondsAndSize_AreEchoed(string model, string seconds, string size)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var video = await harness.CreateVideoAsync($$"""{"prompt":"x","model":"{{model}}","seconds":"{{seconds}}","size":"{{size}}"}""");

        Assert.Equal((model, seconds, size), (video.GetProperty("model").GetString(), video.GetProperty("seconds").GetString(), video.GetProperty("size").GetString()));
    }

    [Fact]
    public async Task CreateJson_UnknownFieldsAndNullOptionals_AreIgnored()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var video = await harness.CreateVideoAsync("""{"prompt":"x","size":null,"seconds":null,"quality":"standard","characters":null,"input_reference":null}""");

        Assert.Equal("720x1280", video.GetProperty("size").GetString());
    }

    [Fact]
    public async Task CreateJson_PromptWithQuotesAndUnicode_IsEchoedExactly()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var video = await harness.CreateVideoAsync("""{"prompt":"O'Neil's \"cat\" <b> 猫 🎹"}""");

        Assert.Equal("O'Neil's \"cat\" <b> 猫 🎹", video.GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task CreateJson_DataUrlImageMatchingSize_IsAccepted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var image = TestImages.DataUrl("image/png", TestImages.Png(1280, 720));

        await harness.CreateVideoAsync($$$"""{"prompt":"x","size":"1280x720","input_reference":{"image_url":"{{{image}}}"}}""");
    }

    [Fact]
    public async Task CreateJson_DataUrlImageOfOtherSize_Returns400InpaintMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var image = TestImages.DataUrl("image/png", TestImages.Png(1280, 720));

        using var response = await harness.PostJsonAsync("videos", $$$"""{"prompt":"x","input_reference":{"image_url":"{{{image}}}"}}""");

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "input_reference", code: null);
        Assert.Equal("Inpaint image must match the requested width and height", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"image_url":"https://example.com/frame.png"}""")]
    [InlineData("""{"file_id":"file-123"}""")]
    public async Task CreateJson_ReferenceByUrlOrFileId_IsAcceptedWithoutFetching(string reference)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        await harness.CreateVideoAsync($$$"""{"prompt":"x","input_reference":{{{reference}}}}""");
    }

    [Fact]
    public async Task CreateJson_TwoCharacters_IsAccepted()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        await harness.CreateVideoAsync("""{"prompt":"Mossy and Pip dance","characters":[{"id":"char_1"},{"id":"char_2"}]}""");
    }

    [Fact]
    public async Task CreateMultipart_Fields_CreatesVideo()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("A lighthouse at dusk"), "prompt" },
            { new StringContent("sora-2-pro"), "model" },
            { new StringContent("12"), "seconds" },
            { new StringContent("1024x1792"), "size" },
        };

        using var response = await harness.Http.PostAsync("videos", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var video = await EmulatorHarness.ReadJsonAsync(response);
        Assert.Equal("A lighthouse at dusk", video.GetProperty("prompt").GetString());
        Assert.Equal(("sora-2-pro", "12", "1024x1792"), (video.GetProperty("model").GetString(), video.GetProperty("seconds").GetString(), video.GetProperty("size").GetString()));
    }

    [Fact]
    public async Task CreateMultipart_PngMatchingSize_IsAccepted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = MultipartWithImage(TestImages.Png(720, 1280), "image/png", "frame.png", size: null);

        using var response = await harness.Http.PostAsync("videos", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CreateMultipart_PngOfOtherSize_Returns400InpaintMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = MultipartWithImage(TestImages.Png(720, 1280), "image/png", "frame.png", size: "1280x720");

        using var response = await harness.Http.PostAsync("videos", form);

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "input_reference", code: null);
        Assert.Equal("Inpaint image must match the requested width and height", error.GetProperty("message").GetString());
        Assert.Equal(0, harness.Emulator.Jobs.TotalCreated);
    }

    [Fact]
    public async Task CreateMultipart_JpegOfOtherSize_Returns400InpaintMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = MultipartWithImage(SoraClient.Emulator.Media.MediaAssets.Spritesheet.Content.ToArray(), "image/jpeg", "sheet.jpg", size: null);

        using var response = await harness.Http.PostAsync("videos", form);

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "input_reference", code: null);
    }

    [Fact]
    public async Task CreateMultipart_FileThatIsNotAnImage_Returns400InvalidValue()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = MultipartWithImage("not an image at all"u8.ToArray(), "image/png", "fake.png", size: null);

        using var response = await harness.Http.PostAsync("videos", form);

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "input_reference", "invalid_value");
    }

    [Fact]
    public async Task CreateMultipart_FlattenedReferenceAndCharacters_AreAccepted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("x"), "prompt" },
            { new StringContent("file-abc"), "input_reference[file_id]" },
            { new StringContent("char_a"), "characters[0][id]" },
            { new StringContent("char_b"), "characters[1][id]" },
        };

        using var response = await harness.Http.PostAsync("videos", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CreateFormUrlEncoded_Fields_CreatesVideo()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = new FormUrlEncodedContent([new("prompt", "x"), new("seconds", "8")]);

        using var response = await harness.Http.PostAsync("videos", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("8", (await EmulatorHarness.ReadJsonAsync(response)).GetProperty("seconds").GetString());
    }

    private static MultipartFormDataContent MultipartWithImage(byte[] image, string mediaType, string fileName, string? size)
    {
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var form = new MultipartFormDataContent { { new StringContent("x"), "prompt" }, { file, "input_reference", fileName } };
        if (size is not null)
        {
            form.Add(new StringContent(size), "size");
        }

        return form;
    }
}
