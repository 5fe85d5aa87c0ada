using System.Net;
using System.Net.Http.Headers;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class OpenAIAuthTests
{
    [Fact]
    public async Task Request_WithoutKey_Returns401WithNullCode()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Http.DefaultRequestHeaders.Authorization = null;

        using var response = await harness.Http.GetAsync("videos");

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.Unauthorized, param: null, code: null);
        Assert.Contains("didn't provide an API key", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    [InlineData("emulator-key")]
    public async Task Request_WithMalformedAuthorization_Returns401AsMissingKey(string authorization)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Http.DefaultRequestHeaders.Authorization = null;
        harness.Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var response = await harness.Http.GetAsync("videos");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.Unauthorized, param: null, code: null);
    }

    [Fact]
    public async Task Request_WithWrongBearerKey_Returns401InvalidApiKeyWithoutEchoingTheKey()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-wrong-secret-key-123456");

        using var response = await harness.Http.PostAsync("videos", EmulatorHarness.Json("""{"prompt":"x"}"""));

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.Unauthorized, param: null, code: "invalid_api_key");
        Assert.DoesNotContain("wrong-secret", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, harness.Emulator.Jobs.TotalCreated);
    }

    [Fact]
    public async Task Request_WithWrongAzureApiKey_Returns401InvalidApiKey()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Http.DefaultRequestHeaders.Authorization = null;
        harness.Http.DefaultRequestHeaders.Add("api-key", "nope");

        using var response = await harness.Http.GetAsync("videos");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.Unauthorized, param: null, code: "invalid_api_key");
    }

    [Fact]
    public async Task Request_WithBearerKey_Succeeds()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.Http.GetAsync("videos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithLowercaseBearerScheme_Succeeds()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Http.DefaultRequestHeaders.Authorization = null;
        harness.Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "bearer emulator-key");

        using var response = await harness.Http.GetAsync("videos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithAzureApiKeyHeader_Succeeds()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Http.DefaultRequestHeaders.Authorization = null;
        harness.Http.DefaultRequestHeaders.Add("api-key", harness.Emulator.ApiKey);

        using var response = await harness.Http.PostAsync("videos", EmulatorHarness.Json("""{"prompt":"x"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_AnyKeyMode_AcceptsAnyNonEmptyKeyButNotNone()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.ApiKey = null);
        harness.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "whatever");
        using var anonymous = new HttpClient();

        using var withKey = await harness.Http.GetAsync("videos");
        using var withoutKey = await anonymous.GetAsync(harness.Emulator.OpenAIEndpoint + "/videos");

        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task ContentRequest_WithoutKey_Returns401()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        using var anonymous = new HttpClient();

        using var response = await anonymous.GetAsync($"{harness.Emulator.OpenAIEndpoint}/videos/{id}/content");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.Unauthorized, param: null, code: null);
    }
}
