using SoraClient.Download;
using SoraClient.Http;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Testing.StubHttpHandler;

namespace SoraClient.Tests.Http;

/// <summary>The API key goes to the gateway's own origin (scheme, host and port) and nowhere else.</summary>
public sealed class ProviderHttpSenderAuthenticationTests : IDisposable
{
    private readonly StubHttpHandler _handler = new();

    public void Dispose() => _handler.Dispose();

    [Theory]
    [InlineData("https://api.gateway.test/v1/videos/video_123", true)]
    [InlineData("https://API.Gateway.TEST/v1/videos/video_123", true)]
    [InlineData("https://api.gateway.test:443/v1/videos/video_123", true)]
    [InlineData("https://api.gateway.test/other/path", true)]
    [InlineData("https://cdn.gateway.test/v1/videos/video_123", false)]
    [InlineData("https://videos.cdn-provider.test/v1/videos/video_123", false)]
    [InlineData("http://api.gateway.test/v1/videos/video_123", false)]
    [InlineData("https://api.gateway.test:8443/v1/videos/video_123", false)]
    [InlineData("https://api.gateway.test.evil.test/v1/videos/video_123", false)]
    [InlineData("https://evil.test/api.gateway.test/v1/videos/video_123", false)]
    public async Task SendAsync_RequestUri_KeyOnlyForGatewayOrigin(string uri, bool authenticated)
    {
        var path = new Uri(uri).AbsolutePath;
        _handler.On(HttpMethod.Get, path, _ => Json(200, "{}"));
        var sender = Senders.Create(_handler, new ManualTimeProvider());

        await sender.SendJsonAsync(HttpOperation.Status, () => new HttpRequestMessage(HttpMethod.Get, uri)).Guarded();

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(authenticated, request.Header("Authorization") == $"Bearer {TestProviderOptions.Key}");
        if (!authenticated)
        {
            Assert.Null(request.Header("Authorization"));
        }
    }

    [Fact]
    public async Task OpenContentAsync_CdnAsset_NoKey()
    {
        _handler.On(HttpMethod.Get, "/assets/v.mp4", _ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) });
        var sender = Senders.Create(_handler, new ManualTimeProvider());

        using var content = await sender.OpenContentAsync(() => new HttpRequestMessage(HttpMethod.Get, "https://cdn.gateway.test/assets/v.mp4"), CancellationToken.None).Guarded();

        Assert.Null(Assert.Single(_handler.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_GatewayOnNonDefaultPort_KeyOnlyOnThatPort()
    {
        _handler.On(HttpMethod.Get, "/v1/x", _ => Json(200, "{}"));
        var sender = Senders.Create(_handler, new ManualTimeProvider(), new TestProviderOptions { Endpoint = new Uri("http://127.0.0.1:5080/v1"), AllowPrivateAddresses = true }); // other local ports are internal links

        await sender.SendJsonAsync(HttpOperation.Status, () => new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:5080/v1/x")).Guarded();
        await sender.SendJsonAsync(HttpOperation.Status, () => new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:5081/v1/x")).Guarded();
        await sender.SendJsonAsync(HttpOperation.Status, () => new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/v1/x")).Guarded();

        Assert.Equal([true, false, false], _handler.Requests.Select(r => r.Header("Authorization") is not null));
    }
}
