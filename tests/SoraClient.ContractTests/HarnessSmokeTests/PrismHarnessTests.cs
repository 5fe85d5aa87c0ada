using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SoraClient.ContractTests.Harness;
using Xunit.Sdk;

namespace SoraClient.ContractTests.HarnessSmokeTests;

/// <summary>Prism validates requests against the copied OpenAI spec and reports violations as documented.</summary>
[Collection(SharedPrism.Name)]
public sealed class PrismHarnessTests : ContractTest, IDisposable
{
    private readonly PrismRecordingHandler _recorder = new();
    private readonly HttpClient _http;

    public PrismHarnessTests(PrismFixture prism)
        : base(prism)
    {
        _http = new HttpClient(_recorder) { BaseAddress = new Uri(prism.Prism.OpenAIBaseUri + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test");
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public void The_openai_endpoint_is_the_base_uri_plus_v1()
    {
        Assert.Equal(new Uri(Prism.BaseUri, "v1"), Prism.OpenAIBaseUri);
        Assert.EndsWith("/v1", Prism.OpenAIBaseUri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_json_create_request_is_accepted()
    {
        using var response = await PostJsonAsync("""{"prompt":"x","model":"sora-2","seconds":"4","size":"720x1280"}""");

        await PrismAssert.NoViolationsAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var video = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("video", video["object"]!.GetValue<string>());
        Assert.Equal("queued", video["status"]!.GetValue<string>());
        _recorder.AssertNoViolations();
    }

    [Fact]
    public async Task Seconds_as_a_number_is_rejected_with_422_and_readable_violations()
    {
        using var response = await PostJsonAsync("""{"prompt":"x","seconds":4}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var violations = await PrismAssert.ViolationsAsync(response);
        Assert.Contains(violations, v => v is { Location: "body.seconds", Code: "type", Message: "Request body property seconds must be string" });
        Assert.Contains(violations, v => v is { Location: "body.seconds", Code: "enum" });

        var failure = await Assert.ThrowsAsync<FailException>(() => PrismAssert.NoViolationsAsync(response));
        Assert.Contains("POST /v1/videos", failure.Message, StringComparison.Ordinal);
        Assert.Contains("422 UNPROCESSABLE_ENTITY", failure.Message, StringComparison.Ordinal);
        Assert.Contains("body.seconds [type] Request body property seconds must be string", failure.Message, StringComparison.Ordinal);

        var recorded = Assert.Single(_recorder.Problems);
        Assert.Equal(422, recorded.Status);
        Assert.Throws<FailException>(_recorder.AssertNoViolations);
    }

    [Fact]
    public async Task A_missing_prompt_is_a_required_violation_on_the_body()
    {
        using var response = await PostJsonAsync("""{"seconds":"4"}""");

        var violation = Assert.Single(await PrismAssert.ViolationsAsync(response));
        Assert.Equal(new PrismViolation("body", "Error", "required", "Request body must have required property 'prompt'"), violation);
    }

    [Fact]
    public async Task A_valid_multipart_request_with_an_input_reference_file_is_accepted()
    {
        using var form = Multipart(seconds: "4", size: "720x1280");

        using var response = await _http.PostAsync(new Uri("videos", UriKind.Relative), form);

        await PrismAssert.NoViolationsAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _recorder.AssertNoViolations();
    }

    [Fact]
    public async Task An_invalid_multipart_request_is_rejected_with_violations_on_its_fields()
    {
        using var form = Multipart(seconds: "5", size: "1x1");

        using var response = await _http.PostAsync(new Uri("videos", UriKind.Relative), form);

        var violations = await PrismAssert.ViolationsAsync(response);
        Assert.Equal(["body.seconds", "body.size"], violations.Select(v => v.Location).Order(StringComparer.Ordinal), StringComparer.Ordinal);
        Assert.All(violations, v => Assert.Equal("enum", v.Code));
    }

    [Fact]
    public async Task Query_parameters_are_validated_too()
    {
        using var response = await _http.GetAsync(new Uri("videos?limit=500&order=up", UriKind.Relative));

        var violations = await PrismAssert.ViolationsAsync(response);
        Assert.Contains(violations, v => v is { Location: "query.limit", Code: "maximum" });
        Assert.Contains(violations, v => v is { Location: "query.order", Code: "enum" });
    }

    [Fact]
    public async Task A_request_without_a_bearer_token_gets_a_401_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "videos/video_1");
        request.Headers.Authorization = null;
        _http.DefaultRequestHeaders.Authorization = null;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await PrismAssert.ReadProblemAsync(response);
        Assert.Equal("UNAUTHORIZED", problem?.Code);
        var failure = Assert.Throws<FailException>(_recorder.AssertNoViolations);
        Assert.Contains("GET /v1/videos/video_1 -> 401 UNAUTHORIZED", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_is_a_problem_too()
    {
        using var response = await _http.GetAsync(new Uri("vidoes", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NO_PATH_MATCHED_ERROR", (await PrismAssert.ReadProblemAsync(response))?.Code);

        using var wrongMethod = await _http.PutAsync(new Uri("videos", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("NO_METHOD_MATCHED_ERROR", (await PrismAssert.ReadProblemAsync(wrongMethod))?.Code);
        Assert.Equal(2, _recorder.Problems.Count);
    }

    [Fact]
    public async Task An_ordinary_mock_answer_is_not_a_problem()
    {
        using var response = await _http.GetAsync(new Uri("videos/video_1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await PrismAssert.ReadProblemAsync(response));
        var exchange = Assert.Single(_recorder.Exchanges);
        Assert.Equal(new PrismExchange("GET", "/v1/videos/video_1", 200, null), exchange);
    }

    private async Task<HttpResponseMessage> PostJsonAsync(string json) =>
        await _http.PostAsync(new Uri("videos", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>
    /// A create-video form as .NET writes it, except for the file part's Content-Disposition: Prism crashes unless
    /// <c>filename</c> is in double quotes (as browsers and curl send it), see <see cref="PrismCrashRecoveryTests"/>.
    /// </summary>
    private static MultipartFormDataContent Multipart(string seconds, string size)
    {
        var image = new ByteArrayContent(Enumerable.Range(0, 2048).Select(i => (byte)i).ToArray());
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        image.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
        {
            Name = "\"input_reference\"",
            FileName = "\"reference.png\"",
        };
        return new MultipartFormDataContent
        {
            { new StringContent("a cat on a skateboard"), "prompt" },
            { new StringContent("sora-2"), "model" },
            { new StringContent(seconds), "seconds" },
            { new StringContent(size), "size" },
            image,
        };
    }
}
