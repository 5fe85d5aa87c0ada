using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using SoraClient.Emulator.Jobs;

namespace SoraClient.Emulator.Callbacks;

/// <summary>
/// POSTs a job's callback when the job ends. No background thread: each registration is one timer on the emulator's
/// <see cref="TimeProvider"/>, due when the job ends, so a manual clock drives callbacks like it drives lifecycles. When a
/// job's end moves (<see cref="EmulatorJobs.Fail"/>), its timer moves with it. Each callback is tried once and recorded in
/// <see cref="EmulatorCallbacks"/>; the body is built when the job has ended, from its final state.
/// </summary>
internal sealed class CallbackDispatcher : IAsyncDisposable
{
    private static readonly TimeSpan s_sendTimeout = TimeSpan.FromSeconds(30);
    private readonly JobStore _jobs;
    private readonly TimeProvider _time;
    private readonly EmulatorCallbacks _log;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = s_sendTimeout };
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Registration> _registrations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Task> _sending = new();

    public CallbackDispatcher(JobStore jobs, TimeProvider time, EmulatorCallbacks log, ILogger logger)
    {
        _jobs = jobs;
        _time = time;
        _log = log;
        _logger = logger;
        jobs.JobChanged = OnJobChanged;
        log.CountPendingWith(() => _registrations.Count);
    }

    /// <summary>
    /// Sends <paramref name="body"/> (built from the job's final state) to <paramref name="url"/> when the job ends, with the
    /// <paramref name="headers"/> made for that body at that instant (a signature), if any.
    /// </summary>
    public void Schedule(EmulatedJob job, Uri url, Func<EmulatedJob, JobState, byte[]> body, Func<byte[], DateTimeOffset, IEnumerable<KeyValuePair<string, string>>>? headers = null)
    {
        var registration = new Registration(job.Protocol, job.Id, url, body, headers);
        registration.Timer = _time.CreateTimer(_ => Fire(registration), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _registrations[job.Id] = registration;
        Arm(registration, job);
    }

    public async ValueTask DisposeAsync()
    {
        _jobs.JobChanged = null;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var registration in _registrations.Values)
        {
            registration.Timer?.Dispose();
        }

        _registrations.Clear();
        await Task.WhenAll(_sending.Values).ConfigureAwait(false);
        _http.Dispose();
        _stopping.Dispose();
    }

    private void OnJobChanged(EmulatedJob job)
    {
        if (_registrations.TryGetValue(job.Id, out var registration))
        {
            Arm(registration, job);
        }
    }

    private void Arm(Registration registration, EmulatedJob job)
    {
        var due = job.EndsAt - _time.GetUtcNow();
        registration.Timer?.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Fire(Registration registration)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (_jobs.Find(registration.JobId) is not { } job)
        {
            Drop(registration); // deleted before it ended
            return;
        }

        var now = _time.GetUtcNow();
        var state = job.StateAt(now);
        if (!state.IsTerminal)
        {
            Arm(registration, job); // its end moved
            return;
        }

        if (!Drop(registration))
        {
            return; // already sent
        }

        var key = Guid.NewGuid();
        _sending[key] = SendAsync(key, registration, registration.Body(job, state), now);
    }

    private bool Drop(Registration registration)
    {
        registration.Timer?.Dispose();
        return _registrations.TryRemove(new KeyValuePair<string, Registration>(registration.JobId, registration));
    }

    private async Task SendAsync(Guid key, Registration registration, byte[] body, DateTimeOffset at)
    {
        await Task.Yield(); // never POST on the thread that moved the clock

        int? status = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, registration.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in registration.Headers?.Invoke(body, at) ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await _http.SendAsync(request, _stopping.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            error = ex is OperationCanceledException ? "no answer (timed out or the emulator stopped)" : ex.Message;
        }

        _log.Add(new EmulatorCallback
        {
            Protocol = registration.Protocol,
            JobId = registration.JobId,
            Url = registration.Url,
            Body = System.Text.Encoding.UTF8.GetString(body),
            StatusCode = status,
            Error = error,
            Timestamp = at,
        });
        CallbackLog.Sent(_logger, registration.Protocol, registration.JobId, registration.Url.GetLeftPart(UriPartial.Path), status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? error!); // no status means an error
        _sending.TryRemove(key, out _);
    }

    private sealed class Registration(string protocol, string jobId, Uri url, Func<EmulatedJob, JobState, byte[]> body,
        Func<byte[], DateTimeOffset, IEnumerable<KeyValuePair<string, string>>>? headers)
    {
        public Func<byte[], DateTimeOffset, IEnumerable<KeyValuePair<string, string>>>? Headers { get; } = headers;

        public string Protocol { get; } = protocol;

        public string JobId { get; } = jobId;

        public Uri Url { get; } = url;

        public Func<EmulatedJob, JobState, byte[]> Body { get; } = body;

        public ITimer? Timer { get; set; }
    }
}
