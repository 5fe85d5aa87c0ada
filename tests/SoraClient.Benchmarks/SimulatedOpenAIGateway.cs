using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SoraClient.Benchmarks;

/// <summary>
/// An OpenAI-compatible gateway in memory whose jobs finish at known times on a manual clock: <c>GET /v1/videos/{id}</c>
/// answers <c>in_progress</c> (with linear progress, or none) until the job's length has passed, then <c>completed</c>. It
/// counts the reads of each job and records when its completion was first read, so waiting can be measured through the
/// real adapter.
/// </summary>
internal sealed class SimulatedOpenAIGateway(TimeProvider time, bool reportsProgress) : HttpMessageHandler
{
    public const string Endpoint = "https://api.example.test/v1";

    private readonly Dictionary<string, SimulatedJob> _jobs = [];
    private readonly Lock _gate = new();

    public void Add(string id, TimeSpan length)
    {
        lock (_gate)
        {
            _jobs[id] = new SimulatedJob(time.GetUtcNow(), length);
        }
    }

    public int Reads(string id)
    {
        lock (_gate)
        {
            return _jobs[id].Reads;
        }
    }

    /// <summary>How long until the job completes (zero when it has).</summary>
    public TimeSpan CompletesIn(string id)
    {
        lock (_gate)
        {
            var left = _jobs[id].Start + _jobs[id].Length - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>How long after its completion the job was first read as completed.</summary>
    public TimeSpan DetectionDelay(string id)
    {
        lock (_gate)
        {
            var job = _jobs[id];
            return job.SeenDoneAt!.Value - (job.Start + job.Length);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var id = request.RequestUri!.Segments[^1];
        string status;
        string progress;
        lock (_gate)
        {
            var job = _jobs[id];
            job.Reads++;
            var now = time.GetUtcNow();
            var done = now - job.Start >= job.Length;
            job.SeenDoneAt ??= done ? now : null;
            status = done ? "completed" : "in_progress";
            progress = done ? "100" : reportsProgress ? ((int)(100 * ((now - job.Start) / job.Length))).ToString(CultureInfo.InvariantCulture) : "null";
        }

        var body = new StringContent(
            $$"""{"id":"{{id}}","object":"video","model":"sora-2","status":"{{status}}","progress":{{progress}},"created_at":1758941485,"completed_at":null,"expires_at":null,"prompt":null,"size":"720x1280","seconds":"4","remixed_from_video_id":null,"error":null}""",
            Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = body, RequestMessage = request });
    }

    private sealed class SimulatedJob(DateTimeOffset start, TimeSpan length)
    {
        public DateTimeOffset Start { get; } = start;

        public TimeSpan Length { get; } = length;

        public int Reads { get; set; }

        public DateTimeOffset? SeenDoneAt { get; set; }
    }
}

/// <summary>
/// What a webhook receiver gives the waits (SoraClient.AspNetCore's <c>WebhookVideoGenerator</c>): the gateway's callback
/// arrives when the job completes (or never, when <paramref name="delivered"/> is false), and one status read confirms it
/// before the wait hears of it. Until then the wait reads only every <see cref="SafetyPollInterval"/>.
/// </summary>
internal sealed class CallbackGenerator(IVideoGenerator inner, TimeProvider time, SimulatedOpenAIGateway gateway, bool delivered)
    : DelegatingVideoGenerator(inner), IVideoJobUpdateSource
{
    /// <summary>SoraWebhookOptions' default.</summary>
    public TimeSpan SafetyPollInterval { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets whether callbacks arrive (otherwise they are lost).</summary>
    public bool Delivered => delivered;

    /// <summary>Gets or sets whether the current job's callback has arrived (then the clock needs not move for the wait to end).</summary>
    public bool CallbackArrived { get; set; }

    public async Task<VideoJob> WaitForUpdateAsync(string jobId, VideoJob? known, CancellationToken cancellationToken)
    {
        if (!delivered)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }

        var left = gateway.CompletesIn(jobId);
        if (left > TimeSpan.Zero)
        {
            // timers count whole milliseconds: rounded up, the callback never comes before the job is done
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), time, cancellationToken).ConfigureAwait(false);
        }

        CallbackArrived = true;
        return await InnerGenerator.GetJobAsync(jobId, CancellationToken.None).ConfigureAwait(false); // the confirming read
    }
}
