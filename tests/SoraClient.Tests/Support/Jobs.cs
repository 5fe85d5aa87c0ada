namespace SoraClient.Tests.Support;

public static class Jobs
{
    public const string Provider = "testgw";
    public const string Id = "video_123";

    public static VideoJob Create(VideoJobStatus status, int? progress = null, TimeSpan? pollAfter = null, string id = Id) => new()
    {
        Id = id,
        Provider = Provider,
        Status = status,
        Progress = progress,
        PollAfter = pollAfter,
        ProviderStatus = status.ToString().ToLowerInvariant(),
        Assets = status == VideoJobStatus.Succeeded ? [new VideoAsset(VideoAssetKind.Video) { Uri = new Uri("https://cdn.gateway.test/v.mp4") }] : [],
        Error = status == VideoJobStatus.Failed ? new VideoJobError("moderation_blocked", "The prompt was blocked.", VideoErrorCategory.ContentPolicy) : null,
    };

    public static VideoJob Succeeded(string id = Id) => Create(VideoJobStatus.Succeeded, 100, id: id);
}
