using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;

namespace SoraClient.Benchmarks;

/// <summary>One create (<c>POST /videos</c>: build the body, send, parse the answer): SoraClient against hand-written code and OpenAI's own VideoClient.</summary>
[MemoryDiagnoser]
public class CreateBenchmarks
{
    private const string Prompt = "A calico cat plays a piano on stage";
    private InMemoryClients _clients = null!;

    [GlobalSetup]
    public void Setup() => _clients = new();

    [GlobalCleanup]
    public void Cleanup() => _clients.Dispose();

    [Benchmark(Baseline = true, Description = "hand-written HttpClient + JsonContent + JsonDocument")]
    public async Task<string?> HandWritten()
    {
        using var content = JsonContent.Create(new CreateVideoBody(Prompt, "sora-2", "4", "1280x720"), BenchmarkJsonContext.Default.CreateVideoBody);
        using var response = await _clients.Http.PostAsync(new Uri(InMemoryGateway.Endpoint + "/videos"), content);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var json = await JsonDocument.ParseAsync(body);
        return json.RootElement.GetProperty("id").GetString();
    }

    [Benchmark(Description = "SoraClient SubmitAsync")]
    public async Task<string> SoraClient() =>
        (await _clients.Sora.SubmitAsync(new VideoGenerationRequest(Prompt) { Model = "sora-2", DurationSeconds = 4, Size = "1280x720" })).Id;

    [Benchmark(Description = "OpenAI VideoClient CreateVideoAsync + JsonDocument")]
    public async Task<string?> OpenAIVideoClient()
    {
        var body = BinaryContent.Create(BinaryData.FromBytes(
            JsonSerializer.SerializeToUtf8Bytes(new CreateVideoBody(Prompt, "sora-2", "4", "1280x720"), BenchmarkJsonContext.Default.CreateVideoBody)));
        var result = await _clients.OpenAI.CreateVideoAsync(body, "application/json", new RequestOptions());
        using var json = JsonDocument.Parse(result.GetRawResponse().Content);
        return json.RootElement.GetProperty("id").GetString();
    }
}

/// <summary>The create body as a hand-written client would declare it.</summary>
internal sealed record CreateVideoBody(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("seconds")] string Seconds,
    [property: JsonPropertyName("size")] string Size);

[JsonSerializable(typeof(CreateVideoBody))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
