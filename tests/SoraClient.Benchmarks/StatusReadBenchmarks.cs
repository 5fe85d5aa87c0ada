using System.ClientModel.Primitives;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace SoraClient.Benchmarks;

/// <summary>One status read (<c>GET /videos/{id}</c>, parse, map): SoraClient against hand-written code and OpenAI's own VideoClient.</summary>
[MemoryDiagnoser]
public class StatusReadBenchmarks
{
    private InMemoryClients _clients = null!;

    [GlobalSetup]
    public void Setup() => _clients = new();

    [GlobalCleanup]
    public void Cleanup() => _clients.Dispose();

    [Benchmark(Baseline = true, Description = "hand-written HttpClient + JsonDocument")]
    public async Task<string?> HandWritten()
    {
        using var response = await _clients.Http.GetAsync(new Uri(InMemoryGateway.Endpoint + "/videos/video_123"));
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var json = await JsonDocument.ParseAsync(body);
        return json.RootElement.GetProperty("status").GetString();
    }

    [Benchmark(Description = "SoraClient GetJobAsync")]
    public async Task<VideoJobStatus> SoraClient() => (await _clients.Sora.GetJobAsync("video_123")).Status;

    [Benchmark(Description = "OpenAI VideoClient GetVideoAsync + JsonDocument")]
    public async Task<string?> OpenAIVideoClient()
    {
        var result = await _clients.OpenAI.GetVideoAsync("video_123", new RequestOptions());
        using var json = JsonDocument.Parse(result.GetRawResponse().Content);
        return json.RootElement.GetProperty("status").GetString();
    }
}
