using System.Collections.Concurrent;
using System.Text;
using SoraClient.Providers.OpenAI;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Providers;

/// <summary>
/// Issue 13, items 8 and 10, over real sockets on 127.0.0.1 only: every client here refuses (and records) any connection
/// off loopback, so the SDK's refusals are proven by the decision it makes before connecting and by that record.
/// </summary>
public sealed class LinkSafetyTests : IAsyncLifetime
{
    private const string Key = "sk-hostile-test-1234567890";
    private static readonly byte[] s_video = Encoding.ASCII.GetBytes("....ftypmp42 a small video");
    private readonly ConcurrentQueue<string> _attempts = new();
    private LoopbackHttpServer _gateway = null!;
    private LoopbackHttpServer _other = null!;
    private string? _redirectTo;

    public Task InitializeAsync()
    {
        _gateway = new LoopbackHttpServer(line => line.Contains("/content", StringComparison.Ordinal) && _redirectTo is { } target
            ? (302, $"Location: {target}\r\n", [])
            : LoopbackHttpServer.Video(s_video));
        _other = new LoopbackHttpServer(_ => LoopbackHttpServer.Video(s_video));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _other.DisposeAsync();
    }

    public static TheoryData<string, string> InternalLinks()
    {
        var data = new TheoryData<string, string>();
        foreach (var gateway in new[] { "grsai", "acedata", "aivideoapi" })
        {
            foreach (var link in new[]
            {
                "http://169.254.169.254/latest/meta-data/v.mp4", "http://10.1.2.3/v.mp4", "http://172.20.0.1/v.mp4", "http://192.168.1.10/v.mp4",
                "http://100.64.0.7/v.mp4", "http://0.0.0.0/v.mp4", "http://[fd00:ec2::254]/v.mp4", "http://[fe80::1]/v.mp4", "http://[::ffff:10.0.0.1]/v.mp4",
                "http://metadata.google.internal/v.mp4", "http://127.0.0.1:{other}/v.mp4", "http://localhost:{other}/v.mp4", "http://[::1]:{other}/v.mp4",
            })
            {
                data.Add(gateway, link);
            }
        }

        return data;
    }

    private IVideoGenerator Create(string gateway, Action<VideoProviderOptions>? configure = null) =>
        HostileWaitTests.Create(gateway, LoopbackOnly.CreateClient(_attempts), TimeProvider.System, o =>
        {
            o.Endpoint = gateway == "openai" ? new Uri(_gateway.Address, "v1") : _gateway.Address;
            if (o is OpenAIOptions openai)
            {
                openai.Authentication = OpenAIAuthentication.ApiKeyHeader;
            }

            configure?.Invoke(o);
        });

    private static VideoJob JobWithLink(string gateway, string link) => new()
    {
        Id = "job_1",
        Provider = gateway,
        Status = VideoJobStatus.Succeeded,
        Assets = [new VideoAsset(VideoAssetKind.Video) { Uri = new Uri(link) }],
    };

    private string Link(string template) => template.Replace("{other}", _other.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(InternalLinks))]
    public async Task GetContentAsync_ResultLinkToAnInternalAddress_RefusedBeforeConnecting(string gateway, string link)
    {
        using var generator = Create(gateway);

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => generator.DownloadAsync(JobWithLink(gateway, Link(link)), new MemoryStream()).Guarded());

        Assert.Equal("link_refused", ex.ProviderErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Empty(_attempts); // not even a connection attempt
        Assert.Empty(_other.RequestLines);
    }

    [Theory]
    [InlineData("grsai")]
    [InlineData("acedata")]
    [InlineData("aivideoapi")]
    public async Task GetContentAsync_InternalLinkWithAllowPrivateAddresses_Fetched(string gateway)
    {
        using var generator = Create(gateway, o => o.AllowPrivateAddresses = true);
        using var received = new MemoryStream();

        await generator.DownloadAsync(JobWithLink(gateway, Link("http://127.0.0.1:{other}/v.mp4")), received).Guarded();

        Assert.Equal(s_video, received.ToArray());
        Assert.Single(_other.RequestLines);
    }

    [Theory]
    [InlineData("grsai", "127.0.0.1")]
    [InlineData("acedata", "localhost")]
    [InlineData("aivideoapi", "127.0.0.1")]
    public async Task GetContentAsync_LinkOnTheGatewaysOwnHost_Fetched(string gateway, string host)
    {
        using var generator = Create(gateway);
        using var received = new MemoryStream();

        await generator.DownloadAsync(JobWithLink(gateway, $"http://{host}:{_gateway.Port}/media/v.mp4"), received).Guarded();

        Assert.Equal(s_video, received.ToArray());
        Assert.All(_attempts, a => Assert.EndsWith(":" + _gateway.Port, a, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.1:{other}/internal")]
    [InlineData("http://10.0.0.8/x")]
    public async Task OpenAI_ContentRedirectedToAnInternalAddress_RefusedBeforeConnecting(string target)
    {
        using var generator = Create("openai");
        _redirectTo = Link(target);
        var job = new VideoJob { Id = "video_1", Provider = "openai", Status = VideoJobStatus.Succeeded };

        var ex = await Assert.ThrowsAsync<VideoProviderException>(() => generator.DownloadAsync(job, new MemoryStream()).Guarded());

        Assert.Equal("link_refused", ex.ProviderErrorCode);
        Assert.Single(_gateway.RequestLines);
        Assert.All(_attempts, a => Assert.EndsWith(":" + _gateway.Port, a, StringComparison.Ordinal));
        Assert.Empty(_other.RequestLines);
    }

    // ---- item 8: where the Azure api-key can travel ----

    [Theory]
    [InlineData("default")]
    [InlineData("HttpClientHandler")]
    [InlineData("SocketsHttpHandler")]
    [InlineData("DelegatingHandler")]
    public void OpenAI_ApiKeyHeaderWithAHandlerThatFollowsRedirects_Refused(string client)
    {
        using var http = client switch
        {
            "HttpClientHandler" => new HttpClient(new HttpClientHandler()),
            "SocketsHttpHandler" => new HttpClient(new SocketsHttpHandler()),
            "DelegatingHandler" => new HttpClient(new PassThrough(new SocketsHttpHandler())),
            _ => new HttpClient(),
        };

        var ex = Assert.Throws<ArgumentException>(() => new OpenAIVideoGenerator(http, new OpenAIOptions { ApiKey = Key, Endpoint = new Uri("https://contoso.openai.azure.com/openai/v1") }));

        Assert.Contains("AllowAutoRedirect", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenAI_ApiKeyHeaderWithTheReadmeClient_Accepted()
    {
        // The README's install snippet, as written.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };

        using var generator = new OpenAIVideoGenerator(http, new OpenAIOptions { ApiKey = Key, Endpoint = new Uri("https://contoso.openai.azure.com/openai/v1") });

        Assert.NotNull(generator);
    }

    [Fact]
    public async Task OpenAI_ApiKeyHeader_RedirectToAnotherHostCarriesNoKey()
    {
        using var generator = Create("openai", o => o.AllowPrivateAddresses = true);
        _redirectTo = $"http://localhost:{_other.Port}/cdn/v.mp4";
        var job = new VideoJob { Id = "video_1", Provider = "openai", Status = VideoJobStatus.Succeeded };
        using var received = new MemoryStream();

        await generator.DownloadAsync(job, received).Guarded();

        Assert.Equal(s_video, received.ToArray());
        Assert.Contains("api-key: " + Key, Assert.Single(_gateway.RequestHeads), StringComparison.OrdinalIgnoreCase);
        var cdn = Assert.Single(_other.RequestHeads);
        Assert.DoesNotContain("api-key", cdn, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, cdn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAI_CreateAnsweredWith307_NotResentToTheNewHost()
    {
        await using var gateway = new LoopbackHttpServer(_ => (307, $"Location: http://127.0.0.1:{_other.Port}/v1/videos\r\n", []));
        using var generator = HostileWaitTests.Create("openai", LoopbackOnly.CreateClient(_attempts), TimeProvider.System, o =>
        {
            o.Endpoint = new Uri(gateway.Address, "v1");
            o.AllowPrivateAddresses = true;
            ((OpenAIOptions)o).Authentication = OpenAIAuthentication.ApiKeyHeader;
        });

        await Assert.ThrowsAnyAsync<VideoGenerationException>(() => generator.SubmitAsync(new VideoGenerationRequest("a cat")).Guarded());

        Assert.Single(gateway.RequestLines);
        Assert.Empty(_other.RequestHeads); // neither the body nor the key went to the new host
    }

    private sealed class PassThrough(HttpMessageHandler inner) : DelegatingHandler(inner);
}
