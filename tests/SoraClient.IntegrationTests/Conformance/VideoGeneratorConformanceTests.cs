using SoraClient.Emulator;
using SoraClient.Testing;

namespace SoraClient.IntegrationTests.Conformance;

/// <summary>
/// What every adapter must do, proven against the emulator over real sockets. Derive one class per adapter and
/// say how to build it and where its protocol's paths are. The emulator's clock is manual: jobs advance only when
/// a test moves it, so nothing waits for a job for real; the client's own waits are milliseconds.
/// </summary>
public abstract class VideoGeneratorConformanceTests : IAsyncLifetime
{
    /// <summary>A wait that polls every few milliseconds, for a client racing a manually driven emulator.</summary>
    protected static readonly VideoWaitOptions FastWait = new()
    {
        InitialDelay = TimeSpan.Zero,
        MinInterval = TimeSpan.FromMilliseconds(5),
        MaxInterval = TimeSpan.FromMilliseconds(20),
        Jitter = 0,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly List<IDisposable> _owned = [];

    /// <summary>
    /// Gets the emulator's clock; tests move it to make jobs progress. It starts at the real current time because the
    /// adapters under test read the system clock (their waits are real milliseconds) and judge the emulator's
    /// <c>expires_at</c>/<c>completed_at</c> against it: a fixed start date would make every finished job read
    /// <c>Expired</c> once that date is a day old.
    /// </summary>
    protected ManualTimeProvider ServerTime { get; } = new(TimeProvider.System.GetUtcNow());

    /// <summary>Gets the running emulator.</summary>
    protected SoraEmulator Emulator { get; private set; } = null!;

    /// <summary>Gets the adapter under test, pointed at the emulator.</summary>
    protected IVideoGenerator Generator { get; private set; } = null!;

    /// <summary>Gets the emulator protocol the adapter speaks (see <see cref="EmulatorProtocols"/>).</summary>
    protected abstract string Protocol { get; }

    /// <summary>Gets the protocol-relative path (pattern) of the create request.</summary>
    protected abstract string CreatePath { get; }

    /// <summary>Gets the protocol-relative path (pattern) of the status read.</summary>
    protected abstract string StatusPath { get; }

    /// <summary>Gets the protocol-relative path (pattern) the video bytes are downloaded from.</summary>
    protected abstract string ContentPath { get; }

    /// <summary>Gets the emulator protocol that serves the video bytes: the gateway's own, or <see cref="EmulatorProtocols.Media"/> for gateways that hand out links.</summary>
    protected virtual string ContentProtocol => Protocol;

    /// <summary>Gets the emulator's duration of a job.</summary>
    protected virtual TimeSpan JobDuration => TimeSpan.FromSeconds(8);

    /// <summary>Creates the adapter for the emulator's endpoint and the given key.</summary>
    protected abstract IVideoGenerator CreateGenerator(HttpClient httpClient, string apiKey);

    /// <summary>A request the gateway accepts, with the given prompt.</summary>
    protected virtual VideoGenerationRequest ValidRequest(string prompt) => new(prompt);

    /// <summary>A request strict normalisation must refuse before sending (an unsupported duration).</summary>
    protected virtual VideoGenerationRequest InvalidRequest() => new("a duration nobody offers") { DurationSeconds = 7 };

    public async Task InitializeAsync()
    {
        Emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions
        {
            TimeProvider = ServerTime,
            JobDuration = JobDuration,
            PollAfter = TimeSpan.FromMilliseconds(5),
        });
        Generator = NewGenerator(Emulator.ApiKey);
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        await Emulator.DisposeAsync();
    }

    [Fact]
    public void Metadata_DescribesTheGateway()
    {
        var metadata = Generator.GetRequiredService<VideoGeneratorMetadata>();

        Assert.False(string.IsNullOrWhiteSpace(metadata.ProviderName));
        Assert.NotEmpty(metadata.Models);
        Assert.NotNull(metadata.FindModel(metadata.DefaultModel!));
        Assert.NotEmpty(metadata.DeliveryModes);
    }

    [Fact]
    public async Task Lifecycle_ReadsGoFromWaitingToSucceeded()
    {
        var job = await Generator.SubmitAsync(ValidRequest("a lighthouse at dusk"));
        Assert.False(job.IsTerminal);

        ServerTime.Advance(JobDuration / 2);
        var halfway = await Generator.GetJobAsync(job.Id);
        Assert.Equal(VideoJobStatus.Running, halfway.Status);
        Assert.InRange(halfway.Progress ?? 50, 1, 99);

        ServerTime.Advance(JobDuration);
        var done = await Generator.GetJobAsync(job.Id);
        Assert.Equal(VideoJobStatus.Succeeded, done.Status);
        Assert.Contains(done.Assets, a => a.Kind == VideoAssetKind.Video);
        Assert.Equal(job.Id, done.Id);
    }

    [Fact]
    public async Task Generate_ThenDownload_WritesARealMp4()
    {
        var job = await DriveAsync(Generator.GenerateAsync(ValidRequest("a cat playing with yarn"), waitOptions: FastWait));
        var path = Path.Combine(Path.GetTempPath(), $"conformance-{Guid.NewGuid():N}.mp4");
        try
        {
            await Generator.DownloadToFileAsync(job, path);
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.True(bytes.Length > 1000, $"only {bytes.Length} bytes");
            Assert.Equal("ftyp"u8.ToArray(), bytes[4..8]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Generate_Nearest_KeepsTheSubmittedSettingsAndTheirAdjustments()
    {
        var updates = new List<VideoJob>();
        var job = await DriveAsync(Generator.GenerateAsync(InvalidRequest(), new VideoGenerationOptions { Normalization = VideoNormalization.Nearest },
            FastWait, new SynchronousProgress(updates)));

        var sent = updates[0].Effective;
        Assert.NotNull(sent);
        Assert.NotEmpty(sent.Adjustments); // 7 s is offered nowhere
        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Same(sent, job.Effective);
    }

    [Fact]
    public async Task WaitForCompletion_OfTheSubmittedJob_KeepsItsSettings()
    {
        var submitted = await Generator.SubmitAsync(InvalidRequest(), new VideoGenerationOptions { Normalization = VideoNormalization.Nearest });

        var job = await DriveAsync(Generator.WaitForCompletionAsync(submitted, FastWait));

        Assert.NotNull(submitted.Effective);
        Assert.Same(submitted.Effective, job.Effective);
    }

    [Fact]
    public async Task Wait_ResumedByReferenceInAnotherGenerator_Completes()
    {
        var submitted = await Generator.SubmitAsync(ValidRequest("resume me"));
        var reference = VideoJobReference.Parse(submitted.Reference.ToString());
        var other = NewGenerator(Emulator.ApiKey);

        var job = await DriveAsync(other.WaitForCompletionAsync(reference.JobId, FastWait));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(submitted.Id, job.Id);
    }

    [Fact]
    public async Task Moderation_FailsTheJobWithContentPolicy()
    {
        var error = await Assert.ThrowsAsync<VideoJobFailedException>(() =>
            DriveAsync(Generator.GenerateAsync(ValidRequest("[emulator:moderation] something forbidden"), waitOptions: FastWait)));

        Assert.Equal(VideoJobStatus.Failed, error.Job!.Status);
        Assert.Equal(VideoErrorCategory.ContentPolicy, error.Job.Error!.Category);
        Assert.False(error.Job.Error.IsRetryable);
    }

    [Fact]
    public async Task ServerFailure_FailsTheJobAsRetryable()
    {
        var error = await Assert.ThrowsAsync<VideoJobFailedException>(() =>
            DriveAsync(Generator.GenerateAsync(ValidRequest("[emulator:fail] unlucky"), waitOptions: FastWait)));

        Assert.True(error.Job!.Error!.IsRetryable);
    }

    [Fact]
    public async Task Wait_PastTheDeadline_ThrowsWithTheLastJob()
    {
        var job = await Generator.SubmitAsync(ValidRequest("slow"));
        var options = new VideoWaitOptions { InitialDelay = TimeSpan.Zero, MinInterval = TimeSpan.FromMilliseconds(5), MaxInterval = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromMilliseconds(150) };

        var error = await Assert.ThrowsAsync<VideoWaitTimeoutException>(() => Generator.WaitForCompletionAsync(job, options));

        Assert.Equal(job.Id, error.LastJob!.Id);
        Assert.False(error.LastJob.IsTerminal);
    }

    [Fact]
    public async Task StatusRead_RateLimited_IsRetriedAndSucceeds()
    {
        var job = await Generator.SubmitAsync(ValidRequest("throttled"));
        var fault = Emulator.Faults.Add(EmulatorFault.RateLimit(TimeSpan.FromMilliseconds(10)).For(Protocol, path: StatusPath));

        var read = await Generator.GetJobAsync(job.Id);

        Assert.Equal(job.Id, read.Id);
        Assert.Equal(1, fault.Hits);
    }

    [Fact]
    public async Task Create_Unavailable_IsRetriedAndCreatesOneJob()
    {
        Emulator.Faults.Add(EmulatorFault.ServerError(503, retryAfter: TimeSpan.FromMilliseconds(10)).For(Protocol, "POST", CreatePath));

        await Generator.SubmitAsync(ValidRequest("second time lucky"));

        Assert.Equal(1, Emulator.Jobs.CreatedCount(Protocol));
        Assert.Equal(2, Emulator.Requests.Count(Protocol, "POST", CreatePath));
    }

    [Fact]
    public async Task Create_ConnectionDroppedAfterSending_IsUncertainAndNotRetried()
    {
        Emulator.Faults.Add(EmulatorFault.DropConnection().For(Protocol, "POST", CreatePath));

        await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => Generator.SubmitAsync(ValidRequest("did it arrive?")));

        Assert.Equal(1, Emulator.Requests.Count(Protocol, "POST", CreatePath));
    }

    [Fact]
    public async Task Download_CutMidBody_ResumesToIdenticalBytes()
    {
        var job = await DriveAsync(Generator.GenerateAsync(ValidRequest("fragile"), waitOptions: FastWait));
        using var whole = new MemoryStream();
        await Generator.DownloadAsync(job, whole);

        Emulator.Faults.Add(EmulatorFault.TruncateBody(afterBytes: 1500).For(ContentProtocol, "GET", ContentPath));
        using var resumed = new MemoryStream();
        await Generator.DownloadAsync(job, resumed);

        Assert.Equal(whole.ToArray(), resumed.ToArray());
    }

    [Fact]
    public async Task InvalidRequest_IsRefusedBeforeSending()
    {
        await Assert.ThrowsAsync<VideoRequestValidationException>(() => Generator.SubmitAsync(InvalidRequest()));

        Assert.Equal(0, Emulator.Requests.Count(Protocol));
    }

    [Fact]
    public async Task WrongKey_ThrowsAuthentication()
    {
        var generator = NewGenerator("wrong-key");

        await Assert.ThrowsAsync<VideoAuthenticationException>(() => generator.SubmitAsync(ValidRequest("who am I")));
    }

    [Fact]
    public virtual async Task UnknownJob_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => Generator.GetJobAsync("no-such-job"));
    }

    /// <summary>Moves the emulator's clock a second at a time until <paramref name="work"/> ends (a few milliseconds of real time per step).</summary>
    protected async Task<T> DriveAsync<T>(Task<T> work)
    {
        for (var step = 0; !work.IsCompleted && step < 600; step++)
        {
            await Task.WhenAny(work, Task.Delay(5));
            ServerTime.Advance(TimeSpan.FromSeconds(1));
        }

        return await work.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private IVideoGenerator NewGenerator(string apiKey)
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var generator = CreateGenerator(http, apiKey);
        _owned.Add(generator);
        _owned.Add(http);
        return generator;
    }

    private sealed class SynchronousProgress(List<VideoJob> updates) : IProgress<VideoJob>
    {
        public void Report(VideoJob value)
        {
            lock (updates)
            {
                updates.Add(value);
            }
        }
    }
}
