using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OpenAI.Videos;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Benchmarks;

/// <summary>One status read (<c>GET /videos/{id}</c>, parse, map): SoraClient against hand-written code and OpenAI's own VideoClient.</summary>
[MemoryDiagnoser]
public class StatusReadBenchmarks
{
    private const string Key = "sk-bench-0123456789abcdef";
    private HttpClient _http = null!;
    private OpenAIVideoGenerator _sora = null!;
    private VideoClient _openai = null!;

    [GlobalSetup]
    public void Setup()
    {
        _http = new HttpClient(new InMemoryGateway()) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        _sora = new OpenAIVideoGenerator(new HttpClient(new InMemoryGateway()) { Timeout = Timeout.InfiniteTimeSpan },
            new OpenAIOptions { Endpoint = new Uri(InMemoryGateway.Endpoint), ApiKey = Key });
        _openai = new VideoClient(new ApiKeyCredential(Key), new VideoClientOptions
        {
            Endpoint = new Uri(InMemoryGateway.Endpoint),
            Transport = new HttpClientPipelineTransport(new HttpClient(new InMemoryGateway())),
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _sora.Dispose();
    }

    [Benchmark(Baseline = true, Description = "hand-written HttpClient + JsonDocument")]
    public async Task<string?> HandWritten()
    {
        using var response = await _http.GetAsync(new Uri(InMemoryGateway.Endpoint + "/videos/video_123"));
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var json = await JsonDocument.ParseAsync(body);
        return json.RootElement.GetProperty("status").GetString();
    }

    [Benchmark(Description = "SoraClient GetJobAsync")]
    public async Task<VideoJobStatus> SoraClient() => (await _sora.GetJobAsync("video_123")).Status;

    [Benchmark(Description = "OpenAI VideoClient GetVideoAsync + JsonDocument")]
    public async Task<string?> OpenAIVideoClient()
    {
        var result = await _openai.GetVideoAsync("video_123", new RequestOptions());
        using var json = JsonDocument.Parse(result.GetRawResponse().Content);
        return json.RootElement.GetProperty("status").GetString();
    }
}
