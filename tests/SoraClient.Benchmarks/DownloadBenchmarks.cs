using BenchmarkDotNet.Attributes;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Benchmarks;

/// <summary>
/// Streaming an asset: SoraClient's resumable download against a hand-written read loop. The allocated bytes show whether
/// memory stays flat as the file grows (it must not buffer the video).
/// </summary>
[MemoryDiagnoser]
public class DownloadBenchmarks
{
    private readonly VideoJob _job = new() { Id = "video_123", Provider = "bench", Status = VideoJobStatus.Succeeded };
    private HttpClient _http = null!;
    private OpenAIVideoGenerator _sora = null!;

    [Params(1 << 20, 64 << 20)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _http = new HttpClient(new InMemoryGateway(Bytes)) { Timeout = Timeout.InfiniteTimeSpan };
        _sora = new OpenAIVideoGenerator(new HttpClient(new InMemoryGateway(Bytes)) { Timeout = Timeout.InfiniteTimeSpan },
            new OpenAIOptions { Endpoint = new Uri(InMemoryGateway.Endpoint), ApiKey = "sk-bench-0123456789abcdef" });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _sora.Dispose();
    }

    // What hand-written download code does: read the body in 80 KB chunks and write them on. (Not CopyToAsync: over
    // an in-memory body that hands the whole buffer to the destination in one call, which no network stream does.)
    [Benchmark(Baseline = true, Description = "hand-written read loop")]
    public async Task<long> HandWritten()
    {
        using var response = await _http.GetAsync(new Uri(InMemoryGateway.Endpoint + "/videos/video_123/content"), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            await Stream.Null.WriteAsync(buffer.AsMemory(0, read));
            total += read;
        }

        return total;
    }

    [Benchmark(Description = "SoraClient DownloadAsync")]
    public Task<long> SoraClient() => _sora.DownloadAsync(_job, Stream.Null);
}
