using System.Text.Json.Nodes;
using SoraClient.ContractTests.Harness;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.ContractTests.OpenAI;

/// <summary>
/// Base of the OpenAI-compatible adapter's wire tests: an <see cref="OpenAIVideoGenerator"/> over real sockets to the
/// test's WireMock.Net (endpoint <c>{WireMock}/v1</c>), a <see cref="FastForwardClock"/> so that no test waits for real
/// seconds, captured logs, and builders for <c>Video</c> objects and error envelopes as the spec describes them.
/// </summary>
public abstract class OpenAIContractTest : ContractTest, IDisposable
{
    /// <summary>The API key the SDK is given; no message, log or response body the SDK exposes may contain it.</summary>
    protected const string ApiKey = "sk-contract-9f8e7d6c5b4a3210fedcba98";

    /// <summary>The registration name, as it appears in messages.</summary>
    protected const string ProviderName = "apiyi";

    protected const string JobId = "video_68d7512d07848190b3e45da0ecbebcde";

    private readonly List<IDisposable> _disposables = [];

    protected OpenAIContractTest(PrismFixture? prism = null)
        : base(prism)
    {
    }

    protected FastForwardClock Clock { get; } = new();

    protected TestLoggerProvider Logs { get; } = new();

    /// <summary>A test-level guard: a regression that makes the SDK wait forever fails the test instead of hanging the run.</summary>
    protected CancellationToken Guard => GuardSource.Token;

    private CancellationTokenSource GuardSource { get; } = new(TimeSpan.FromSeconds(90));

    /// <summary>Unix time of the test clock's "now".</summary>
    protected long Now => Clock.Time.GetUtcNow().ToUnixTimeSeconds();

    protected const string VideosPath = "/v1/videos";

    protected const string JobPath = $"/v1/videos/{JobId}";

    protected const string ContentPath = $"/v1/videos/{JobId}/content";

    /// <summary>An adapter talking to WireMock through a fresh connection pool, on the fast-forward clock.</summary>
    protected OpenAIVideoGenerator CreateGenerator(Action<OpenAIOptions>? configure = null, HttpClient? httpClient = null)
    {
        var options = new OpenAIOptions
        {
            Endpoint = WireMock.Url("v1"),
            ApiKey = ApiKey,
            ProviderName = ProviderName,
            RequestTimeout = FastForwardClock.LongTimeout,
            DownloadIdleTimeout = FastForwardClock.LongTimeout,
            DownloadTimeout = TimeSpan.FromDays(1), // past the LongTimeout a stall test advances to fire the idle timeout
        };
        configure?.Invoke(options);
        return new OpenAIVideoGenerator(httpClient ?? CreateHttpClient(Sends), options, Clock.Time, Logs);
    }

    /// <summary>
    /// Counts the requests the SDK hands to <see cref="HttpClient"/> (its own attempts), as opposed to what reaches
    /// WireMock: <see cref="SocketsHttpHandler"/> itself resends a request without a body up to three times when the
    /// server closes a connection without answering.
    /// </summary>
    protected CountingHandler Sends { get; } = new(new SocketsHttpHandler { UseProxy = false });

    protected void RegisterForDisposal(IDisposable disposable) => _disposables.Add(disposable);

    protected HttpClient CreateHttpClient(HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        _disposables.Add(client);
        return client;
    }

    /// <summary>A <c>Video</c> object with every field the spec requires.</summary>
    protected string VideoJson(string status, int progress, string id = JobId, string model = "sora-2", string size = "1280x720", string seconds = "8",
        string? prompt = "A calico cat playing a piano on stage", JsonObject? error = null, string? remixedFrom = null)
    {
        var completed = status is "completed" or "failed";
        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "video",
            ["model"] = model,
            ["status"] = status,
            ["progress"] = progress,
            ["created_at"] = Now - 60,
            ["completed_at"] = completed ? Now : null,
            ["expires_at"] = completed ? Now + 86_400 : null,
            ["prompt"] = prompt,
            ["size"] = size,
            ["seconds"] = seconds,
            ["remixed_from_video_id"] = remixedFrom,
            ["error"] = error,
        }.ToJsonString();
    }

    /// <summary>The spec's <c>ErrorResponse</c>: all four keys present.</summary>
    protected static string ErrorJson(string message, string? type, string? code, string? param = null) => new JsonObject
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
    }.ToJsonString();

    /// <summary>Pseudo-random bytes, the same for the same seed.</summary>
    protected static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
#pragma warning disable CA5394 // not for security: reproducible test data
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }

    /// <summary>Fails when a secret leaked into an exception (message, response body, inner exceptions) or the logs.</summary>
    protected void AssertNoSecret(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            Assert.DoesNotContain(ApiKey, current.Message, StringComparison.Ordinal);
            if (current is VideoProviderException provider)
            {
                Assert.DoesNotContain(ApiKey, provider.ResponseBody ?? string.Empty, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(ApiKey, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, Logs.AllText, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        GuardSource.Dispose();
        GC.SuppressFinalize(this);
    }
}
