using System.Collections.Concurrent;

namespace SoraClient.AspNetCore.Tests.Support;

/// <summary>
/// A layer over a real adapter (whose callback parser the endpoint uses) that answers status reads and submits from a
/// script instead of the network, and counts the reads.
/// </summary>
internal sealed class ScriptedGateway
{
    public ConcurrentQueue<string> Reads { get; } = new();

    public ConcurrentQueue<VideoGenerationRequest> Submitted { get; } = new();

    /// <summary>What a status read returns; by default the job succeeded with a video.</summary>
    public Func<string, string, VideoJob> Answer { get; set; } = (provider, id) => Succeeded(provider, id);

    public static VideoJob Succeeded(string provider, string id) => new()
    {
        Id = id,
        Provider = provider,
        Status = VideoJobStatus.Succeeded,
        Progress = 100,
        Assets = [new VideoAsset(VideoAssetKind.Video) { Uri = new Uri($"http://127.0.0.1:9/{id}.mp4") }],
    };

    public static VideoJob Running(string provider, string id, int progress = 50) => new() { Id = id, Provider = provider, Status = VideoJobStatus.Running, Progress = progress };

    public IVideoGenerator Wrap(IVideoGenerator inner, string provider) => new Layer(inner, this, provider);

    private sealed class Layer(IVideoGenerator inner, ScriptedGateway script, string provider) : DelegatingVideoGenerator(inner)
    {
        public override Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
        {
            script.Reads.Enqueue(jobId);
            return Task.FromResult(script.Answer(provider, jobId));
        }

        public override Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            script.Submitted.Enqueue(request);
            return Task.FromResult(new VideoJob { Id = $"job-{script.Submitted.Count}", Provider = provider, Status = VideoJobStatus.Queued });
        }
    }
}
