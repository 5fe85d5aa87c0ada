using SoraClient.Testing;
using SoraClient.ContractTests.Harness;
using WireMock.Matchers;
using WireMock.ResponseBuilders;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.OpenAI;

/// <summary>A whole job over the wire: create, poll through WireMock's scenario until it completes, download the video.</summary>
public sealed class LifecycleContractTests : OpenAIContractTest
{
    private const string Prompt = "A calico cat playing a piano on stage";

    [Fact]
    public async Task GenerateAsync_then_DownloadToFileAsync_creates_once_polls_on_the_servers_hints_and_saves_the_exact_bytes()
    {
        var video = RandomBytes(256 * 1024, seed: 11);
        WireMock.Given(On("POST", VideosPath)
                .WithHeader("Authorization", new ExactMatcher("Bearer " + ApiKey))
                .WithBody(new JsonMatcher($$"""{"prompt":"{{Prompt}}","model":"sora-2","seconds":"8","size":"1280x720"}""")))
            .RespondWith(Json(200, VideoJson("queued", 0)).WithHeader("openai-poll-after-ms", "2200").WithHeader("x-request-id", "req_create"));
        WireMock.GivenSequence("job", On("GET", JobPath),
            Poll(VideoJson("queued", 0), pollAfterMs: 2000),
            Poll(VideoJson("in_progress", 30), pollAfterMs: 2500),
            Poll(VideoJson("in_progress", 70), pollAfterMs: 3000),
            Poll(VideoJson("completed", 100), pollAfterMs: null));
        WireMock.Given(On("GET", ContentPath).WithParam("variant", "video")).RespondWith(Bytes(200, video, "video/mp4"));
        using var generator = CreateGenerator();
        var updates = new ProgressLog();

        var job = await generator.GenerateAsync(
            new VideoGenerationRequest(Prompt) { DurationSeconds = 8, AspectRatio = VideoAspectRatio.Landscape },
            progress: updates, cancellationToken: Guard);
        var folder = Directory.CreateTempSubdirectory("soraclient-contract-");
        try
        {
            var path = await generator.DownloadToFileAsync(job, Path.Combine(folder.FullName, "cat.mp4"), cancellationToken: Guard);

            Assert.Equal(video, await File.ReadAllBytesAsync(path, Guard));
            Assert.Equal(["cat.mp4"], folder.GetFiles().Select(f => f.Name)); // no temporary file left behind
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        // the job as the SDK reports it
        Assert.Equal(JobId, job.Id);
        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(100, job.Progress);
        Assert.Equal(
            [(VideoJobStatus.Queued, 0), (VideoJobStatus.Running, 30), (VideoJobStatus.Running, 70), (VideoJobStatus.Succeeded, 100)],
            updates.Jobs.Select(j => (j.Status, j.Progress ?? -1)));

        // it waited exactly what the server asked for (openai-poll-after-ms on the create and on each poll), never more;
        // every hint is above the wait's MinInterval (2 s), the floor that keeps a hint of 0 from making a storm
        Assert.Equal([2.2, 2, 2.5, 3], Clock.NonZeroWaits.Select(w => w.TotalSeconds));

        // the journal: one create with the exact body, four polls, one download, each authenticated
        var requests = WireMock.Requests();
        Assert.Equal(
            [$"POST {VideosPath}", $"GET {JobPath}", $"GET {JobPath}", $"GET {JobPath}", $"GET {JobPath}", $"GET {ContentPath}?variant=video"],
            requests.Select(r => $"{r.Method} {r.PathAndQuery()}"));
        Assert.All(requests, r => Assert.Equal("Bearer " + ApiKey, r.Header("Authorization")));
        var create = requests[0];
        Assert.Equal("application/json; charset=utf-8", create.Header("Content-Type"), ignoreCase: true);
        JsonAssert.Equal($$"""{"prompt":"{{Prompt}}","model":"sora-2","seconds":"8","size":"1280x720"}""", create.BodyText());
        Assert.All(requests.Skip(1), r => Assert.Empty(r.BodyBytes()));
        Assert.Equal("video/mp4, */*; q=0.8", requests[^1].Header("Accept"));
        Assert.Equal(1, WireMock.Count("POST", VideosPath));
        WireMock.AssertNoUnmatchedRequests();
    }

    private static IResponseBuilder Poll(string json, int? pollAfterMs)
    {
        var response = Json(200, json);
        return pollAfterMs is { } ms ? response.WithHeader("openai-poll-after-ms", ms.ToString(System.Globalization.CultureInfo.InvariantCulture)) : response;
    }
}

/// <summary>Collects progress reports synchronously (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
internal sealed class ProgressLog : IProgress<VideoJob>
{
    private readonly List<VideoJob> _jobs = [];

    public IReadOnlyList<VideoJob> Jobs
    {
        get
        {
            lock (_jobs)
            {
                return [.. _jobs];
            }
        }
    }

    public void Report(VideoJob value)
    {
        lock (_jobs)
        {
            _jobs.Add(value);
        }
    }
}
