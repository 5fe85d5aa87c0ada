using System.Net;
using System.Text;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class OpenAICreateValidationTests
{
    public static TheoryData<string, string?, string?> InvalidJsonBodies => new()
    {
        // body, param, code
        { """{}""", "prompt", "missing_required_parameter" },
        { """{"prompt":null}""", "prompt", "missing_required_parameter" },
        { """{"prompt":""}""", "prompt", "string_below_min_length" },
        { """{"prompt":42}""", "prompt", "invalid_type" },
        { """{"prompt":"x","model":"sora-3"}""", "model", "invalid_value" },
        { """{"prompt":"x","model":2}""", "model", "invalid_type" },
        { """{"prompt":"x","seconds":"5"}""", "seconds", "invalid_value" },
        { """{"prompt":"x","seconds":"16"}""", "seconds", "invalid_value" },
        { """{"prompt":"x","seconds":8}""", "seconds", "invalid_type" },
        { """{"prompt":"x","seconds":8.5}""", "seconds", "invalid_type" },
        { """{"prompt":"x","size":"1024x1024"}""", "size", "invalid_value" },
        { """{"prompt":"x","size":"1792x1024"}""", "size", "invalid_value" },
        { """{"prompt":"x","model":"sora-2-2025-12-08","size":"1920x1080"}""", "size", "invalid_value" },
        { """{"prompt":"x","size":[720,1280]}""", "size", "invalid_type" },
        { """{"prompt":"x","input_reference":"https://example.com/a.png"}""", "input_reference", "invalid_type" },
        { """{"prompt":"x","input_reference":{}}""", "input_reference", "invalid_value" },
        { """{"prompt":"x","input_reference":{"image_url":"https://example.com/a.png","file_id":"file-1"}}""", "input_reference", "invalid_value" },
        { """{"prompt":"x","input_reference":{"image_url":"not a url"}}""", "input_reference.image_url", "invalid_value" },
        { """{"prompt":"x","input_reference":{"image_url":"data:image/png;base64,***"}}""", "input_reference.image_url", "invalid_value" },
        { """{"prompt":"x","input_reference":{"image_url":5}}""", "input_reference.image_url", "invalid_type" },
        { """{"prompt":"x","input_reference":{"image_url":"data:text/plain;base64,aGVsbG8="}}""", "input_reference", "invalid_value" },
        { """{"prompt":"x","characters":"char_1"}""", "characters", "invalid_type" },
        { """{"prompt":"x","characters":[{"id":"a"},{"id":"b"},{"id":"c"}]}""", "characters", "array_above_max_length" },
        { """{"prompt":"x","characters":[{"name":"a"}]}""", "characters[0].id", "missing_required_parameter" },
        { """{"prompt":"x","characters":["a"]}""", "characters[0]", "invalid_type" },
        { """{"prompt":"x","characters":[{"id":""}]}""", "characters", "invalid_value" },
    };

    [Theory]
    [MemberData(nameof(InvalidJsonBodies))]
    public async Task CreateJson_InvalidField_Returns400EnvelopeNamingTheParam(string body, string? param, string? code)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.PostJsonAsync("videos", body);

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, param, code);
        Assert.Equal(0, harness.Emulator.Jobs.TotalCreated);
    }

    [Fact]
    public async Task CreateJson_SecondsAsNumber_MessageSaysStringExpected()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.PostJsonAsync("videos", """{"prompt":"x","seconds":8}""");

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "seconds", "invalid_type");
        Assert.Equal("Invalid type for 'seconds': expected a string, but got an integer instead.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task CreateJson_UnsupportedSeconds_MessageListsAllowedValues()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.PostJsonAsync("videos", """{"prompt":"x","seconds":"10"}""");

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "seconds", "invalid_value");
        Assert.Equal("Invalid value: '10'. Supported values are: '4', '8', and '12'.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task CreateJson_ProSizeOnStandardModel_MessageNamesModelAndItsSizes()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.PostJsonAsync("videos", """{"prompt":"x","size":"1024x1792"}""");

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "size", "invalid_value");
        Assert.Equal("Invalid value: '1024x1792'. Supported values for 'sora-2' are: '720x1280' and '1280x720'.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task CreateJson_PromptLongerThan32000_Returns400StringAboveMaxLength()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.PostJsonAsync("videos", $$"""{"prompt":"{{new string('a', 32_001)}}"}""");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "prompt", "string_above_max_length");
    }

    [Fact]
    public async Task CreateJson_PromptOf32000_IsAccepted()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        await harness.CreateVideoAsync($$"""{"prompt":"{{new string('a', 32_000)}}"}""");
    }

    [Theory]
    [InlineData("{\"prompt\":")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public async Task CreateJson_NotAJsonObject_Returns400(string body)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.PostJsonAsync("videos", body);

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, param: null, code: body.StartsWith('{') ? null : "invalid_type");
        Assert.Contains("JSON", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnsupportedContentType_Returns400()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.Http.PostAsync("videos", new StringContent("prompt: x", Encoding.UTF8, "text/plain"));

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, param: null, code: null);
        Assert.Contains("text/plain", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NoBody_Returns400MissingPrompt()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.Http.PostAsync("videos", content: null);

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "prompt", "missing_required_parameter");
    }

    [Fact]
    public async Task CreateMultipart_MissingPrompt_Returns400()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = new MultipartFormDataContent { { new StringContent("sora-2"), "model" } };

        using var response = await harness.Http.PostAsync("videos", form);

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "prompt", "missing_required_parameter");
    }

    [Theory]
    [InlineData("seconds", "5")]
    [InlineData("size", "1792x1024")]
    [InlineData("model", "dall-e-3")]
    public async Task CreateMultipart_InvalidField_Returns400NamingTheParam(string field, string value)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "prompt" }, { new StringContent(value), field } };

        using var response = await harness.Http.PostAsync("videos", form);

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, field, "invalid_value");
    }

    [Fact]
    public async Task CreateMultipart_InputReferenceAsText_Returns400InvalidType()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "prompt" }, { new StringContent("https://example.com/a.png"), "input_reference" } };

        using var response = await harness.Http.PostAsync("videos", form);

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "input_reference", "invalid_type");
    }

    [Fact]
    public async Task CreateMultipart_ThreeFlattenedCharacters_Returns400ArrayAboveMaxLength()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("x"), "prompt" },
            { new StringContent("char_a"), "characters[0][id]" },
            { new StringContent("char_b"), "characters[1][id]" },
            { new StringContent("char_c"), "characters[2][id]" },
        };

        using var response = await harness.Http.PostAsync("videos", form);

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "characters", "array_above_max_length");
    }
}
