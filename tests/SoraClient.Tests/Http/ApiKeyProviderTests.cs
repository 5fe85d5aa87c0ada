using System.Net;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.Tests.Http;

/// <summary>
/// <see cref="VideoProviderOptions.ApiKeyProvider"/>: a token that refreshes (Azure Entra ID) is asked for before each request
/// to the gateway, never for another host, and is redacted like a fixed key.
/// </summary>
public sealed class ApiKeyProviderTests : IDisposable
{
    // Shaped like an Entra ID access token (a JWT); the gateway below echoes it back in an error.
    private const string Token1 = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJjb2duaXRpdmVzZXJ2aWNlcyIsIm9pZCI6IjEifQ.c2lnbmF0dXJlLW9uZQ";
    private const string Token2 = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJjb2duaXRpdmVzZXJ2aWNlcyIsIm9pZCI6IjIifQ.c2lnbmF0dXJlLXR3bw";
    private static readonly Uri s_azure = new("https://contoso.openai.azure.com/openai/v1");
    private static readonly string s_completed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "OpenAI", "video-completed.json"));

    private readonly StubHttpHandler _http = new();
    private string _token = Token1;
    private int _calls;

    public void Dispose() => _http.Dispose();

    private OpenAIVideoGenerator Create(Func<CancellationToken, ValueTask<string>>? provider = null, OpenAIAuthentication? authentication = OpenAIAuthentication.Bearer) =>
        new(_http.CreateClient(), new OpenAIOptions
        {
            Endpoint = s_azure,
            Authentication = authentication,
            MaxRetries = 0,
            ApiKeyProvider = provider ?? (_ =>
            {
                _calls++;
                return new ValueTask<string>(_token);
            }),
        }, new ManualTimeProvider());

    [Fact]
    public async Task EachRequest_AsksTheProvider_SoARefreshedTokenIsUsedAtOnce()
    {
        _http.OnJson(HttpMethod.Get, "/openai/v1/videos/video_123", 200, s_completed);
        using var generator = Create();

        await generator.GetJobAsync("video_123");
        _token = Token2; // the credential renewed its token
        await generator.GetJobAsync("video_123");

        Assert.Equal([$"Bearer {Token1}", $"Bearer {Token2}"], _http.Requests.Select(r => r.Header("Authorization")));
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task ApiKeyHeader_CarriesTheProvidersKey()
    {
        _http.OnJson(HttpMethod.Get, "/openai/v1/videos/video_123", 200, s_completed);
        using var generator = new OpenAIVideoGenerator(new HttpClient(new NoRedirects(_http)), new OpenAIOptions
        {
            Endpoint = s_azure, // api-key by default on *.openai.azure.com
            ApiKeyProvider = _ => new ValueTask<string>("rotated-azure-key-0001"),
        }, new ManualTimeProvider());

        await generator.GetJobAsync("video_123");

        var request = Assert.Single(_http.Requests);
        Assert.Equal("rotated-azure-key-0001", request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task RedirectToAnotherHost_CarriesNoToken_AndTheProviderIsNotAskedForIt()
    {
        _http.OnJson(HttpMethod.Get, "/openai/v1/videos/video_123", 200, s_completed);
        _http.On(HttpMethod.Get, "/openai/v1/videos/video_123/content",
            _ => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("https://cdn.example.test/assets/v.mp4") } });
        _http.On(HttpMethod.Get, "/assets/v.mp4", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) });
        using var generator = Create();

        var job = await generator.GetJobAsync("video_123");
        var bytes = await generator.DownloadAsync(job, Stream.Null);

        Assert.Equal(3, bytes);
        Assert.Equal([$"Bearer {Token1}", $"Bearer {Token1}", null], _http.Requests.Select(r => r.Header("Authorization")));
        Assert.Equal(2, _calls); // the status read and the gateway's content URL; not the CDN
    }

    [Fact]
    public async Task ProviderThatFails_FailsTheCallBeforeAnythingIsSent_WithAnAuthenticationError()
    {
        using var generator = Create(_ => throw new InvalidOperationException($"token endpoint refused the client secret {Token1}"));

        var error = await Assert.ThrowsAsync<VideoAuthenticationException>(() => generator.SubmitAsync(new VideoGenerationRequest("a cat")));

        Assert.Empty(_http.Requests); // nothing sent, so the create is not uncertain and costs nothing
        Assert.Contains("ApiKeyProvider", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token1, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderThatReturnsNothing_IsAnAuthenticationError()
    {
        using var generator = Create(_ => new ValueTask<string>(" "));

        var error = await Assert.ThrowsAsync<VideoAuthenticationException>(() => generator.GetJobAsync("video_123"));

        Assert.Empty(_http.Requests);
        Assert.Contains("returned an empty key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledWhileGettingTheToken_IsACancellation()
    {
        using var cancel = new CancellationTokenSource();
        using var generator = Create(async ct =>
        {
            await cancel.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return Token1;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GetJobAsync("video_123", cancel.Token));
        Assert.Empty(_http.Requests);
    }

    [Fact]
    public async Task TokenEchoedByTheGateway_IsRedacted()
    {
        _http.OnJson(HttpMethod.Get, "/openai/v1/videos/video_123", 401,
            $$$"""{"error":{"message":"Token {{{Token1}}} is not valid for this resource","type":"invalid_request_error","code":"invalid_token"}}""");
        using var generator = Create();

        var error = await Assert.ThrowsAsync<VideoAuthenticationException>(() => generator.GetJobAsync("video_123"));

        Assert.DoesNotContain(Token1, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token1, error.ResponseBody ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NeitherKeyNorProvider_NamesBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => new OpenAIVideoGenerator(_http.CreateClient(), new OpenAIOptions()));

        Assert.Contains("Set OpenAIOptions.ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAIOptions.ApiKeyProvider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BothKeyAndProvider_AreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new OpenAIVideoGenerator(_http.CreateClient(),
            new OpenAIOptions { ApiKey = "sk-fixed-0123456789", ApiKeyProvider = _ => new ValueTask<string>(Token1) }));

        Assert.Contains("both ApiKey and ApiKeyProvider are set", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-fixed-0123456789", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The adapter refuses a redirect-following client with <c>api-key</c>; a plain delegating handler does not follow.</summary>
    private sealed class NoRedirects(HttpMessageHandler inner) : DelegatingHandler(inner);
}
