using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoraClient.Jobs.Internal;

namespace SoraClient.Jobs;

/// <summary>
/// Runs keyed work through any <see cref="IVideoGenerator"/> and records every step in a <see cref="IVideoJobLedger"/>:
/// a row with no intent is submitted (the intent is committed first), a row with a job reference is waited on again,
/// a finished row is left alone, and an uncertain row is reported rather than resubmitted (unless
/// <see cref="VideoJobRunnerOptions.RetryUncertain"/>). So a run can be killed at any point and started again with the
/// same ledger: no row is ever submitted twice.
/// </summary>
/// <example>
/// <code>
/// await using var ledger = new SqliteVideoJobLedger("jobs.db");
/// var runner = new VideoJobRunner(ledger, generator, new VideoJobRunnerOptions { OutputDirectory = "videos", MaxConcurrency = 4 });
/// var summary = await runner.RunAsync([new("fox", new VideoGenerationRequest("a red fox in snow"))]);
/// </code>
/// </example>
public sealed class VideoJobRunner : IDisposable
{
    /// <summary>How long a row waiting for a free slot of the concurrent-jobs limit waits at most before trying again.</summary>
    private static readonly TimeSpan s_slotRetry = TimeSpan.FromSeconds(2);

    private readonly IVideoJobLedger _ledger;
    private readonly IVideoGenerator _generator;
    private readonly VideoJobRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RateLimiter? _createLimiter;

    /// <summary>Initializes a new instance of the <see cref="VideoJobRunner"/> class.</summary>
    /// <param name="ledger">The ledger to record in.</param>
    /// <param name="generator">The generator; its registration name (<see cref="VideoGeneratorMetadata.ProviderName"/>) is recorded with each row.</param>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for leases; <see langword="null"/> for the system clock.</param>
    /// <param name="logger">The logger; <see langword="null"/> logs nothing.</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    /// <exception cref="InvalidOperationException">The generator publishes no <see cref="VideoGeneratorMetadata"/>.</exception>
    public VideoJobRunner(IVideoJobLedger ledger, IVideoGenerator generator, VideoJobRunnerOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(generator);
        options ??= new VideoJobRunnerOptions();
        options.Validate(nameof(options));
        _ledger = ledger;
        _generator = generator;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Provider = generator.GetRequiredService<VideoGeneratorMetadata>().ProviderName;
        if (options.MaxRequestsPerSecond is { } rate)
        {
            // No burst: creates are spread evenly, at most one per period (or a few per 10 ms period at high rates).
            var period = TimeSpan.FromSeconds(Math.Max(1 / rate, 0.01));
            var perPeriod = Math.Max(1, (int)Math.Round(rate * period.TotalSeconds));
            _createLimiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = perPeriod,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
    }

    /// <summary>Gets the provider registration this runner records rows under.</summary>
    public string Provider { get; }

    /// <summary>Runs the items: adds the keys the ledger does not know yet, then drives every row as far as it can go.</summary>
    /// <param name="items">The work; keys must be unique.</param>
    /// <param name="progress">Receives each row whenever it changes; called from several threads.</param>
    /// <param name="cancellationToken">Stops the run; rows keep their recorded state and a later run resumes them.</param>
    /// <returns>The results, in the order of <paramref name="items"/>.</returns>
    /// <exception cref="ArgumentException">A key is empty or repeated, or a request cannot be recorded; nothing was sent.</exception>
    /// <exception cref="VideoJobLedgerException">The ledger cannot be used.</exception>
    public async Task<VideoJobRunSummary> RunAsync(IEnumerable<VideoJobWorkItem> items, IProgress<VideoJobEntry>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        var duplicate = list.GroupBy(i => i.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The key '{duplicate.Key}' appears more than once; each row needs its own key.", nameof(items));
        }

        // Check and record everything before the first create, so bad input costs nothing.
        var requests = list.Select(item =>
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(item.Key, nameof(items));
            var request = VideoJobRequest.From(item.Request, _options.Normalization);
            var options = request.ToGenerationOptions();
            return (item.Key, Request: request, Cost: _generator.EstimateCost(item.Request, options));
        }).ToList();

        var keys = new List<string>(requests.Count);
        foreach (var (key, request, cost) in requests)
        {
            await _ledger.GetOrAddAsync(key, Provider, request, cost, cancellationToken).ConfigureAwait(false);
            keys.Add(key);
        }

        return await DriveAllAsync(keys, claimed: false, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resumes every unfinished row of this runner's provider registration that no other worker holds.</summary>
    /// <param name="progress">Receives each row whenever it changes; called from several threads.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The results.</returns>
    /// <exception cref="VideoJobLedgerException">The ledger cannot be used.</exception>
    public async Task<VideoJobRunSummary> ResumeAsync(IProgress<VideoJobEntry>? progress = null, CancellationToken cancellationToken = default)
    {
        var claimed = await _ledger.ClaimAsync(_options.WorkerId, int.MaxValue, _options.LeaseDuration, Provider, cancellationToken).ConfigureAwait(false);
        return await DriveAllAsync([.. claimed.Select(e => e.Key)], claimed: true, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the pacing of <see cref="VideoJobRunnerOptions.MaxRequestsPerSecond"/>.</summary>
    public void Dispose()
    {
        _createLimiter?.Dispose();
    }

    private async Task<VideoJobRunSummary> DriveAllAsync(List<string> keys, bool claimed, IProgress<VideoJobEntry>? progress, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<string, VideoJobResult>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken };
        // A shared ledger tells when another instance changes a row: one LISTEN for the whole run.
        var wakeups = _ledger is IVideoJobLedgerChangeFeed feed && keys.Count > 0 ? await LedgerWakeups.StartAsync(feed, _time, _logger).ConfigureAwait(false) : null;
        try
        {
            await Parallel.ForEachAsync(keys, parallel, async (key, ct) =>
            {
                var result = await DriveOneAsync(key, claimed, wakeups, progress, ct).ConfigureAwait(false);
                results[key] = result;
                JobsLog.RowFinished(_logger, key, result.Outcome, result.Message is null ? string.Empty : ": " + result.Message);
            }).ConfigureAwait(false);
        }
        finally
        {
            if (wakeups is not null)
            {
                await wakeups.DisposeAsync().ConfigureAwait(false);
            }
        }

        return new VideoJobRunSummary([.. keys.Select(k => results[k])]);
    }

    private async Task<VideoJobResult> DriveOneAsync(string key, bool claimed, LedgerWakeups? wakeups, IProgress<VideoJobEntry>? progress, CancellationToken cancellationToken)
    {
        var entry = await _ledger.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The job ledger lost row '{key}'."); // rows are never deleted
        if (!string.Equals(entry.Provider, Provider, StringComparison.Ordinal))
        {
            return new() { Key = key, Outcome = VideoJobOutcome.Skipped, Entry = entry, Message = $"the row belongs to provider registration '{entry.Provider}', not '{Provider}'" };
        }

        if (!claimed && !await _ledger.TryClaimAsync(key, _options.WorkerId, _options.LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return new() { Key = key, Outcome = VideoJobOutcome.OtherWorker, Entry = entry, Message = $"another worker ({entry.LeaseOwner}) holds the row" };
        }

        if (!claimed)
        {
            // Read again under the lease: another worker may have moved the row between the first read and the claim.
            entry = await _ledger.GetAsync(key, cancellationToken).ConfigureAwait(false) ?? entry;
        }

        try
        {
            return await new RowDriver(this, entry, wakeups, progress).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (VideoJobLedgerConflictException) when (!cancellationToken.IsCancellationRequested)
        {
            // This worker's lease ran out before its heartbeat renewed it (a stalled process), another worker took the row
            // over and moved it on, and this worker's next write came too late: the row is that worker's, not an error.
            var now = await _ledger.GetAsync(key, CancellationToken.None).ConfigureAwait(false);
            if (now is null || string.Equals(now.LeaseOwner, _options.WorkerId, StringComparison.Ordinal))
            {
                throw; // still this worker's row: a conflict is a defect, not a race
            }

            return new() { Key = key, Outcome = VideoJobOutcome.OtherWorker, Entry = now, Message = $"another worker took the row over (this worker's lease ran out) and moved it to {now.State}" };
        }
        finally
        {
            await _ledger.ReleaseAsync(key, _options.WorkerId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Drives one row from whatever state it is in as far as it can go.</summary>
    private sealed class RowDriver(VideoJobRunner runner, VideoJobEntry entry, LedgerWakeups? wakeups, IProgress<VideoJobEntry>? progress)
    {
        private readonly IVideoJobLedger _ledger = runner._ledger;
        private readonly IVideoGenerator _generator = runner._generator;
        private readonly VideoJobRunnerOptions _options = runner._options;
        private readonly bool _resumed = entry.State is VideoJobEntryState.Submitted or VideoJobEntryState.Succeeded;
        private VideoJobEntry _entry = entry;
        private DateTimeOffset _leaseRenewed = runner._time.GetUtcNow();

        private string Key => _entry.Key;

        public async Task<VideoJobResult> RunAsync(CancellationToken cancellationToken)
        {
            switch (_entry.State)
            {
                case VideoJobEntryState.Downloaded:
                    return Result(VideoJobOutcome.Downloaded, alreadyFinished: true);
                case VideoJobEntryState.Failed:
                    return Result(VideoJobOutcome.Failed, alreadyFinished: true, _entry.Error?.Message);
                case VideoJobEntryState.Submitting:
                    // An earlier run recorded its intent and never recorded an answer: the create may have reached the gateway.
                    Update(await _ledger.RecordUncertainAsync(Key, "the process ended after recording its intent to submit and before recording the gateway's answer", cancellationToken).ConfigureAwait(false));
                    break;
            }

            if (_entry.State == VideoJobEntryState.Uncertain && !_options.RetryUncertain)
            {
                JobsLog.RowUncertain(runner._logger, Key);
                return Result(VideoJobOutcome.Uncertain, message: _entry.Error?.Message);
            }

            VideoJob? job = null;
            if (_entry.State is VideoJobEntryState.Pending or VideoJobEntryState.Uncertain)
            {
                var (submitted, failure) = await SubmitAsync(cancellationToken).ConfigureAwait(false);
                if (submitted is null)
                {
                    return failure!; // not null when no job was submitted
                }

                job = submitted;
            }

            if (_entry.State == VideoJobEntryState.Submitted)
            {
                (job, var unfinished) = await WaitAsync(cancellationToken).ConfigureAwait(false);
                if (unfinished is not null)
                {
                    return unfinished;
                }
            }

            if (_entry.State == VideoJobEntryState.Failed)
            {
                return Result(VideoJobOutcome.Failed, message: _entry.Error?.Message);
            }

            if (_entry.State == VideoJobEntryState.Succeeded && _options.OutputDirectory is { } folder)
            {
                return await DownloadAsync(folder, job, cancellationToken).ConfigureAwait(false);
            }

            return Result(_entry.State == VideoJobEntryState.Succeeded ? VideoJobOutcome.Succeeded : VideoJobOutcome.Unfinished);
        }

        private async Task<(VideoJob? Job, VideoJobResult? Unfinished)> WaitAsync(CancellationToken cancellationToken)
        {
            VideoJob? job = null;
            var interrupt = new WaitInterrupt(_ledger, wakeups, runner._time, Key, _options, cancellationToken);
            await using (interrupt.ConfigureAwait(false))
            {
                try
                {
                    await foreach (var state in _generator.WatchAsync(_entry.JobId!, _options.WaitOptions, interrupt.Token).ConfigureAwait(false)) // JobId is set once submitted
                    {
                        job = state;
                        if (state.Status != _entry.JobStatus || state.Progress != _entry.Progress)
                        {
                            Update(await _ledger.RecordJobAsync(Key, state, cancellationToken).ConfigureAwait(false));
                        }
                    }
                }
                catch (OperationCanceledException) when (interrupt.Finished is { } row && !cancellationToken.IsCancellationRequested)
                {
                    Update(row);
                    return (null, null);
                }
                catch (OperationCanceledException) when (interrupt.Lost && !cancellationToken.IsCancellationRequested)
                {
                    return (job, Result(VideoJobOutcome.OtherWorker, message: "another worker took the row over (this worker's lease ran out) and waits on the job"));
                }
                catch (VideoWaitTimeoutException exception)
                {
                    return (job, Result(VideoJobOutcome.Unfinished, message: exception.Message));
                }
                catch (VideoJobNotFoundException exception)
                {
                    Update(await _ledger.RecordFailedAsync(Key, new VideoJobError("not_found", exception.Message, VideoErrorCategory.Unknown), cancellationToken).ConfigureAwait(false));
                }
                catch (VideoProviderException exception)
                {
                    return (job, Result(VideoJobOutcome.Unfinished, message: exception.Message));
                }
            }

            return (job, null);
        }

        private async Task<(VideoJob? Job, VideoJobResult? Failure)> SubmitAsync(CancellationToken cancellationToken)
        {
            await RecordIntentAsync(cancellationToken).ConfigureAwait(false);
            var request = _entry.Request.ToGenerationRequest();
            var options = _entry.Request.ToGenerationOptions();
            VideoJob job;
            try
            {
                job = await _generator.SubmitAsync(request, options, cancellationToken).ConfigureAwait(false);
            }
            catch (VideoGenerationException exception) when (exception.JobId is { Length: > 0 } id)
            {
                // The error names a job, so the gateway accepted the create: record the job and wait on it, never submit again.
                job = new VideoJob { Id = id, Provider = runner.Provider, Status = VideoJobStatus.Queued };
                Update(await _ledger.RecordSubmittedAsync(Key, job, CancellationToken.None).ConfigureAwait(false));
                return (job, null);
            }
            catch (Exception exception) when (exception is VideoRequestValidationException or NotSupportedException or ArgumentException or VideoContentPolicyException)
            {
                // Refused before sending, or for good: resubmitting the same request cannot help.
                var category = exception is VideoContentPolicyException ? VideoErrorCategory.ContentPolicy : VideoErrorCategory.InvalidRequest;
                Update(await _ledger.RecordFailedAsync(Key, new VideoJobError(category == VideoErrorCategory.ContentPolicy ? "content_policy" : "invalid_request", exception.Message, category), CancellationToken.None).ConfigureAwait(false));
                return (null, Result(VideoJobOutcome.Failed, message: exception.Message));
            }
            catch (VideoProviderException exception)
            {
                // The gateway answered with a refusal: no job exists, a later run may submit the row.
                Update(await _ledger.RecordRefusedAsync(Key, RefusalOf(exception), CancellationToken.None).ConfigureAwait(false));
                return (null, Result(VideoJobOutcome.Refused, message: exception.Message));
            }
            catch (Exception exception)
            {
                // A timeout, a dropped connection, a cancellation, anything unexpected: the job may exist.
                var reason = exception switch
                {
                    VideoSubmissionUncertainException => exception.Message,
                    OperationCanceledException => "the run was stopped while the create request was in flight",
                    _ => $"the create request ended with {exception.GetType().Name}",
                };
                Update(await _ledger.RecordUncertainAsync(Key, reason, CancellationToken.None).ConfigureAwait(false));
                JobsLog.RowUncertain(runner._logger, Key);
                if (exception is OperationCanceledException)
                {
                    throw;
                }

                return (null, Result(VideoJobOutcome.Uncertain, message: reason));
            }

            Update(await _ledger.RecordSubmittedAsync(Key, job, CancellationToken.None).ConfigureAwait(false));
            return (job, null);
        }

        /// <summary>Takes a token of the create rate, then records the intent once a slot of the concurrent-jobs limit is free.</summary>
        private async Task RecordIntentAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (runner._createLimiter is { } limiter)
                {
                    using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                }

                var changed = wakeups?.NextChange; // taken before the attempt, so a slot freed right after the refusal is not missed
                try
                {
                    Update(await _ledger.RecordIntentAsync(Key, cancellationToken).ConfigureAwait(false));
                    return;
                }
                catch (VideoJobLedgerCapacityException)
                {
                    // Every slot of the registration's concurrent-jobs limit is taken (by any worker): try again when a row
                    // changes, or after a while in case the change was not heard. The token of the refused attempt is spent:
                    // the rate only ever errs on the slow side.
                    await WaitForSlotAsync(changed, cancellationToken).ConfigureAwait(false);
                    await RenewLeaseAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task WaitForSlotAsync(Task? changed, CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var retry = Task.Delay(s_slotRetry, runner._time, stop.Token);
            await Task.WhenAny(changed ?? retry, retry).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        private static VideoJobError RefusalOf(VideoProviderException exception)
        {
            var category = exception switch
            {
                VideoRateLimitException => VideoErrorCategory.Transient,
                VideoQuotaExceededException => VideoErrorCategory.Quota,
                _ when exception.IsTransient => VideoErrorCategory.Transient,
                _ => VideoErrorCategory.Unknown,
            };
            return new VideoJobError(exception.ProviderErrorCode ?? exception.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message, category);
        }

        private async Task<VideoJobResult> DownloadAsync(string folder, VideoJob? job, CancellationToken cancellationToken)
        {
            try
            {
                if (job is not { Status: VideoJobStatus.Succeeded })
                {
                    job = await _generator.GetJobAsync(_entry.JobId!, cancellationToken).ConfigureAwait(false); // JobId is set once submitted
                }

                Directory.CreateDirectory(folder);
                var path = SafeFileNames.PathFor(folder, Key, ".mp4");
                var partial = path + ".part"; // one per row: a run killed mid-download leaves it, the next run overwrites it
                long length;
                var file = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
                string sha256;
                await using (file.ConfigureAwait(false))
                {
                    length = await _generator.DownloadAsync(job, file, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                    file.Position = 0;
                    sha256 = Convert.ToHexString(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
                }

                // The name belongs to this key alone, so replacing a file left by an earlier, interrupted run is safe.
                File.Move(partial, path, overwrite: true);
                Update(await _ledger.RecordDownloadedAsync(Key, new VideoJobFile(path, length, sha256), CancellationToken.None).ConfigureAwait(false));
                return Result(VideoJobOutcome.Downloaded);
            }
            catch (Exception exception) when (exception is VideoProviderException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                return Result(VideoJobOutcome.Unfinished, message: "download failed: " + exception.Message);
            }
        }

        private async Task RenewLeaseAsync(CancellationToken cancellationToken)
        {
            var now = runner._time.GetUtcNow();
            if (now - _leaseRenewed >= _options.LeaseDuration / 3)
            {
                await _ledger.TryClaimAsync(Key, _options.WorkerId, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
                _leaseRenewed = now;
            }
        }

        private void Update(VideoJobEntry updated)
        {
            _entry = updated;
            progress?.Report(updated);
        }

        private VideoJobResult Result(VideoJobOutcome outcome, bool alreadyFinished = false, string? message = null) =>
            new() { Key = Key, Outcome = outcome, Entry = _entry, Resumed = _resumed, AlreadyFinished = alreadyFinished, Message = message };

        /// <summary>
        /// Ends a wait early: when another instance records the job's final state (a webhook receiver, another worker's read;
        /// a row is written only after a confirmed read, so it ends the wait as a read would), or when the heartbeat finds
        /// the row taken over. The heartbeat renews the lease every third of its duration while the job is waited on.
        /// </summary>
        private sealed class WaitInterrupt : IAsyncDisposable
        {
            private readonly IVideoJobLedger _ledger;
            private readonly TimeProvider _time;
            private readonly string _key;
            private readonly VideoJobRunnerOptions _options;
            private readonly CancellationTokenSource _stop;
            private readonly IDisposable? _watch;
            private readonly Task _heartbeat;
            private VideoJobEntry? _finished;
            private volatile bool _lost;

            public WaitInterrupt(IVideoJobLedger ledger, LedgerWakeups? wakeups, TimeProvider time, string key, VideoJobRunnerOptions options, CancellationToken cancellationToken)
            {
                (_ledger, _time, _key, _options) = (ledger, time, key, options);
                _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _watch = wakeups?.Watch(key, () => _ = CheckRecordedAsync());
                _heartbeat = BeatAsync();
            }

            public CancellationToken Token => _stop.Token;

            public VideoJobEntry? Finished => Volatile.Read(ref _finished);

            public bool Lost => _lost;

            public async ValueTask DisposeAsync()
            {
                _watch?.Dispose();
                await _stop.CancelAsync().ConfigureAwait(false);
#pragma warning disable VSTHRD003 // this object's own loop, started in its constructor
                await _heartbeat.ConfigureAwait(false);
#pragma warning restore VSTHRD003
                _stop.Dispose();
            }

            private async Task CheckRecordedAsync()
            {
                try
                {
                    if (await _ledger.GetAsync(_key, _stop.Token).ConfigureAwait(false) is { State: VideoJobEntryState.Succeeded or VideoJobEntryState.Failed or VideoJobEntryState.Downloaded } row
                        && Interlocked.CompareExchange(ref _finished, row, null) is null)
                    {
                        await _stop.CancelAsync().ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (exception is VideoJobLedgerException or OperationCanceledException or ObjectDisposedException)
                {
                    // the wait goes on and its next read tells
                }
            }

            private async Task BeatAsync()
            {
                await Task.Yield();
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(_options.LeaseDuration / 3, _time, _stop.Token).ConfigureAwait(false);
                        if (!await _ledger.TryClaimAsync(_key, _options.WorkerId, _options.LeaseDuration, _stop.Token).ConfigureAwait(false))
                        {
                            _lost = true; // another worker holds the row: it waits on the job from the stored reference
                            await _stop.CancelAsync().ConfigureAwait(false);
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    catch (VideoJobLedgerException)
                    {
                        // the database is out of reach: the lease lasts three beats, try at the next one
                    }
                }
            }
        }
    }
}
