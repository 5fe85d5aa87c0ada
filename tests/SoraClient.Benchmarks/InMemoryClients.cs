using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using OpenAI.Videos;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Benchmarks;

/// <summary>The three clients a per-call benchmark compares, each over its own <see cref="InMemoryGateway"/>.</summary>
internal sealed class InMemoryClients : IDisposable
{
    private const string Key = "sk-bench-0123456789abcdef";

    public InMemoryClients()
    {
        Http = new HttpClient(new InMemoryGateway()) { Timeout = Timeout.InfiniteTimeSpan };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Sora = new OpenAIVideoGenerator(new HttpClient(new InMemoryGateway()) { Timeout = Timeout.InfiniteTimeSpan },
            new OpenAIOptions { Endpoint = new Uri(InMemoryGateway.Endpoint), ApiKey = Key });
        OpenAI = new VideoClient(new ApiKeyCredential(Key), new VideoClientOptions
        {
            Endpoint = new Uri(InMemoryGateway.Endpoint),
            Transport = new HttpClientPipelineTransport(new HttpClient(new InMemoryGateway())),
        });
    }

    /// <summary>Gets the hand-written client's <see cref="HttpClient"/>, with the key set.</summary>
    public HttpClient Http { get; }

    /// <summary>Gets SoraClient's OpenAI adapter.</summary>
    public OpenAIVideoGenerator Sora { get; }

    /// <summary>Gets OpenAI's own client.</summary>
    public VideoClient OpenAI { get; }

    public void Dispose()
    {
        Http.Dispose();
        Sora.Dispose();
    }
}
