using SoraClient.ContractTests.Harness;
using SoraClient.Providers.OpenAI;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.OpenAI;

/// <summary>
/// What the gateway answers when something is wrong, over the wire: error envelopes become typed exceptions with the
/// documented one-line message, unreadable bodies become <c>invalid_response</c>, and the API key never shows.
/// </summary>
public sealed class ErrorContractTests : OpenAIContractTest
{
    private static readonly VideoGenerationRequest s_request = new("A calico cat playing a piano on stage") { DurationSeconds = 8 };

    [Theory]
    [InlineData("""{"id":"video_1","object":"video","status":""", "application/json")]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")]
    [InlineData("", "application/json")]
    [InlineData("[]", "application/json")]
    [InlineData("null", "application/json")]
    [InlineData("{}", "application/json")]
    [InlineData("""{"id":42,"status":"queued"}""", "application/json")]
    public async Task An_unreadable_status_answer_is_an_invalid_response_error_not_a_crash(string body, string contentType)
    {
        WireMock.Given(On("GET", JobPath)).RespondWith(Text(200, body, contentType).WithHeader("x-request-id", "req_bad"));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.GetJobAsync(JobId, Guard));

        Assert.Equal(typeof(VideoProviderException), error.GetType());
        Assert.Equal("invalid_response", error.ProviderErrorCode);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal("req_bad", error.RequestId);
        Assert.Equal($"{ProviderName} returned HTTP 200 (invalid_response): the response could not be read as the documented JSON [request id req_bad]", error.Message);
        Assert.Equal(body, error.ResponseBody);
        Assert.Equal(1, WireMock.Count("GET", JobPath));
    }

    [Theory]
    [InlineData("""{"id":"video_1","object":"video","status":""")]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"object":"video","status":"queued"}""")]
    public async Task An_unreadable_create_answer_is_uncertain_carries_the_invalid_response_and_is_not_retried(string body)
    {
        WireMock.Given(On("POST", VideosPath)).RespondWith(Text(200, body, "application/json").WithHeader("x-request-id", "req_bad"));
        using var generator = CreateGenerator();

        // the 200 says the job was created, so this must not look like a transient error that invites a second submit
        var error = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.SubmitAsync(s_request, cancellationToken: Guard));

        var invalid = Assert.IsType<VideoProviderException>(error.InnerException);
        Assert.Equal("invalid_response", invalid.ProviderErrorCode);
        Assert.Equal(200, invalid.StatusCode);
        Assert.Equal("req_bad", invalid.RequestId);
        Assert.Equal(1, WireMock.Count("POST", VideosPath));
    }

    [Fact]
    public async Task A_401_is_an_authentication_error_and_the_echoed_key_is_redacted()
    {
        WireMock.Given(On("GET", JobPath)).RespondWith(Json(401,
            ErrorJson($"Incorrect API key provided: {ApiKey}. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")).WithHeader("x-request-id", "req_401"));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoAuthenticationException>(() => generator.GetJobAsync(JobId, Guard));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("invalid_api_key", error.ProviderErrorCode);
        Assert.Equal(
            $"{ProviderName} returned HTTP 401 (invalid_api_key): Incorrect API key provided: [REDACTED]. You can find your API key at https://platform.openai.com/account/api-keys. [request id req_401]",
            error.Message);
        Assert.Contains("[REDACTED]", error.ResponseBody, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        AssertNoSecret(error);
        Assert.Equal(1, WireMock.Count("GET", JobPath)); // never retried
    }

    [Fact]
    public async Task A_404_on_a_poll_is_a_job_not_found_error()
    {
        WireMock.Given(On("GET", JobPath)).RespondWith(Json(404,
            ErrorJson($"Video with id '{JobId}' not found.", "invalid_request_error", null)).WithHeader("x-request-id", "req_404"));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync(JobId, Guard));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal($"{ProviderName} returned HTTP 404 (invalid_request_error): Video with id '{JobId}' not found. [request id req_404]", error.Message);
        Assert.Equal(1, WireMock.Count("GET", JobPath));

        // the waiter does not keep polling a job the gateway does not know
        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.WaitForCompletionAsync(JobId, cancellationToken: Guard));
        Assert.Equal(2, WireMock.Count("GET", JobPath));
    }

    [Fact]
    public async Task A_400_on_a_parameter_has_the_documented_message_format()
    {
        WireMock.Given(On("POST", VideosPath)).RespondWith(Json(400,
            ErrorJson("Invalid value: '10'. Supported values are: '4', '8', and '12'.", "invalid_request_error", "invalid_value", param: "seconds")).WithHeader("x-request-id", "req_8f3c2a"));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoProviderException>(() => generator.SubmitAsync(s_request, cancellationToken: Guard));

        Assert.Equal(typeof(VideoProviderException), error.GetType());
        Assert.Equal("apiyi returned HTTP 400 (invalid_value): Invalid value: '10'. Supported values are: '4', '8', and '12'. [request id req_8f3c2a]", error.Message);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid_value", error.ProviderErrorCode);
        Assert.Equal("req_8f3c2a", error.RequestId);
        Assert.False(error.IsTransient);
        Assert.Contains("\"param\":\"seconds\"", error.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(1, WireMock.Count("POST", VideosPath));
    }

    [Fact]
    public async Task A_moderation_refusal_on_create_is_a_content_policy_error()
    {
        WireMock.Given(On("POST", VideosPath)).RespondWith(Json(400,
            ErrorJson("Your request was rejected as a result of our safety system.", "invalid_request_error", "moderation_blocked")));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<VideoContentPolicyException>(() => generator.SubmitAsync(s_request, cancellationToken: Guard));

        Assert.Equal("moderation_blocked", error.ProviderErrorCode);
        Assert.Equal(1, WireMock.Count("POST", VideosPath));
    }

    [Theory]
    [InlineData(400, "application/json")]
    [InlineData(403, "application/json")]
    [InlineData(422, "text/plain")]
    [InlineData(500, "text/html")]
    public async Task The_key_never_appears_in_an_exception_even_when_the_gateway_echoes_it(int status, string contentType)
    {
        var body = contentType == "application/json"
            ? ErrorJson($"Bad request from key {ApiKey} (header 'Authorization: Bearer {ApiKey}')", "invalid_request_error", "bad_request")
            : $"request rejected\nAuthorization: Bearer {ApiKey}\napi-key: {ApiKey}\n";
        WireMock.Given(On("POST", VideosPath)).RespondWith(Text(status, body, contentType));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAnyAsync<VideoGenerationException>(() => generator.SubmitAsync(s_request, cancellationToken: Guard));

        AssertNoSecret(error);
        var provider = error as VideoProviderException ?? Assert.IsType<VideoProviderException>(error.InnerException, exactMatch: false);
        Assert.Contains("[REDACTED]", provider.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_does_not_look_like_a_key_is_still_redacted_and_sent_as_api_key_when_asked()
    {
        const string AzureKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        WireMock.Given(On("GET", JobPath)).RespondWith(Json(401,
            ErrorJson($"Access denied due to invalid subscription key {AzureKey}.", null, "401")));
        using var generator = CreateGenerator(o =>
        {
            o.ApiKey = AzureKey;
            o.Authentication = OpenAIAuthentication.ApiKeyHeader;
        }, CreateHttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })); // a client that follows redirects is refused with api-key

        var error = await Assert.ThrowsAsync<VideoAuthenticationException>(() => generator.GetJobAsync(JobId, Guard));

        Assert.DoesNotContain(AzureKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AzureKey, error.ResponseBody!, StringComparison.Ordinal);
        Assert.DoesNotContain(AzureKey, Logs.AllText, StringComparison.Ordinal);
        Assert.Equal("401", error.ProviderErrorCode); // Azure's code is the status as text
        var sent = Assert.Single(WireMock.Requests("GET", JobPath));
        Assert.Equal(AzureKey, sent.Header("api-key"));
        Assert.Null(sent.Header("Authorization"));
    }
}
