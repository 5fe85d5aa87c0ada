using System.Net;
using System.Text;
using SoraClient.Providers.GrsAI;
using SoraClient.Testing;
using static SoraClient.Tests.Providers.GrsAI.GrsAIVideoGeneratorTests;

namespace SoraClient.Tests.Providers.GrsAI;

/// <summary>No answer GrsAI (or a proxy in front of it) can give crashes the SDK with an exception outside its own hierarchy.</summary>
public sealed class GrsAIRobustnessTests
{
    private readonly StubHttpHandler _http = new();

    public static TheoryData<string> Bodies => new()
    {
        string.Empty,
        " ",
        "null",
        "true",
        "42",
        "\"text\"",
        "[]",
        "[{}]",
        "{}",
        "{\"code\":null}",
        "{\"code\":0}",
        "{\"code\":0,\"data\":\"x\"}",
        "{\"code\":0,\"data\":[]}",
        "{\"code\":0,\"data\":{}}",
        "{\"code\":0,\"data\":{\"id\":null}}",
        "{\"code\":0,\"data\":{\"id\":\"\"}}",
        "{\"code\":1e40}",
        "{\"code\":\"-1\",\"msg\":\"insufficient credits\"}",
        "{\"code\":-1,\"msg\":null}",
        "{\"code\":-22}",
        "{\"code\":7,\"msg\":{\"nested\":true}}",
        $"{{\"code\":0,\"data\":{{\"id\":\"{TaskId}\",\"status\":42}}}}",
        $"{{\"code\":0,\"data\":{{\"id\":\"{TaskId}\",\"status\":\"succeeded\",\"progress\":1e400,\"results\":[{{\"url\":\"javascript:alert(1)\"}}]}}}}",
        $"{{\"code\":0,\"data\":{{\"id\":\"{TaskId}\",\"status\":\"succeeded\",\"results\":[null,{{}},{{\"url\":\"not a url\"}},{{\"url\":\"ftp://x.test/v.mp4\"}}]}}}}",
        $"{{\"code\":0,\"data\":{{\"id\":\"{TaskId}\",\"status\":\"failed\",\"failure_reason\":123,\"error\":{{\"message\":\"m\"}}}}}}",
        $"{{\"code\":0,\"data\":{{\"id\":\"{TaskId}\",\"status\":\"running\",\"progress\":\"-5\"}}}}",
        $"{{\"id\":\"{TaskId}\",\"status\":\"running\",\"progress\":\"NaN\"}}",
        new string('[', 5000) + new string(']', 5000),
        "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 201),
        "data: [DONE]",
        "data: {\"code\":0,\"data\":{\"id\":\"t\"}}\n\ndata: {broken",
        "<html><body>502 Bad Gateway</body></html>",
        "\u0000\u0001\u0002binary",
        "{\"code\":0,\"data\":{\"id\":\"t\",\"results\":{\"url\":\"https://x.test/v.mp4\"}}}",
    };

    private GrsAIVideoGenerator Create() => new(_http.CreateClient(), new GrsAIOptions { ApiKey = Key, MaxRetries = 0 }, new ManualTimeProvider());

    private void AnswerEverything(string body, string contentType = "application/json")
    {
        foreach (var path in new[] { "/v1/video/sora-video", "/v1/draw/result" })
        {
            _http.On(HttpMethod.Post, path, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, contentType) });
        }
    }

    private static async Task AssertOwnExceptionsOnlyAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (ex is VideoProviderException or VideoSubmissionUncertainException or VideoJobFailedException)
        {
            // the SDK's own, typed answer
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task SubmitAsync_AnyBody_EndsAsAJobOrATypedException(string body)
    {
        AnswerEverything(body);
        using var generator = Create();

        await AssertOwnExceptionsOnlyAsync(() => generator.SubmitAsync(new VideoGenerationRequest("x")));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task GetJobAsync_AnyBody_EndsAsAJobOrATypedException(string body)
    {
        AnswerEverything(body);
        using var generator = Create();

        await AssertOwnExceptionsOnlyAsync(async () =>
        {
            var job = await generator.GetJobAsync(TaskId);
            Assert.All(job.Assets, a => Assert.Contains(a.Uri!.Scheme, new[] { "http", "https" }));
        });
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task SubmitStreamingAsync_AnyBody_EndsAsJobsOrATypedException(string body)
    {
        AnswerEverything(body, "text/event-stream");
        using var generator = Create();

        await AssertOwnExceptionsOnlyAsync(async () =>
        {
            await foreach (var job in generator.SubmitStreamingAsync(new VideoGenerationRequest("x")))
            {
                Assert.False(string.IsNullOrEmpty(job.Id));
            }
        });
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void ParseCallback_AnyBody_EndsAsAJobOrTheCallbackParsersFormatException(string body)
    {
        using var generator = Create();

        try
        {
            generator.ParseCallback(Encoding.UTF8.GetBytes(body));
        }
        catch (FormatException)
        {
            // the one refusal every callback parser uses
        }
    }
}
