using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoraClient.Http;

namespace SoraClient.Tests.Support;

internal static class Senders
{
    public const string Provider = "testgw";
    public static readonly Uri Endpoint = new("https://api.gateway.test/v1");

    /// <summary>The test gateway's own hint headers: OpenAI's poll hint and Azure's request id.</summary>
    public static readonly ProviderHeaders Headers = new() { RequestIds = ["apim-request-id"], PollAfterMilliseconds = "openai-poll-after-ms" };

    /// <summary>A sender as an adapter builds it: bearer key for the gateway, the test error parser, the manual clock, <see cref="Headers"/>.</summary>
    public static ProviderHttpSender Create(HttpMessageHandler handler, TimeProvider time, VideoProviderOptions? options = null,
        ProviderErrorParser? parser = null, ILogger? logger = null, ProviderHeaders? headers = null)
    {
        options ??= new TestProviderOptions();
        return new ProviderHttpSender(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, Provider, options.Endpoint ?? Endpoint, options,
            (request, key) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key),
            parser ?? TestErrorParser.Parse, time, logger ?? NullLogger.Instance, headers ?? Headers);
    }

    public static Func<HttpRequestMessage> Get(string pathAndQuery = "/v1/videos/video_123") =>
        () => new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoint, pathAndQuery));

    public static Func<HttpRequestMessage> Post(string path = "/v1/videos", string json = """{"prompt":"a cat"}""") =>
        () => new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, path)) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    public static Task<ProviderResponse<System.Text.Json.JsonElement>> SendJsonAsync(this ProviderHttpSender sender, HttpOperation operation,
        Func<HttpRequestMessage> request, CancellationToken cancellationToken = default) =>
        sender.SendAsync(operation, request, TestJsonContext.Default.JsonElement, cancellationToken);

    public static HttpRequestException ConnectFailure(HttpRequestError error = HttpRequestError.ConnectionError) =>
        new(error, "Connection refused (api.gateway.test:443)");
}
