using Polly;

namespace SoraClient.Http;

/// <summary>
/// One registration's limits on requests to its gateway (<see cref="VideoProviderOptions.MaxRequestsPerSecond"/>,
/// <see cref="VideoProviderOptions.MaxConcurrentRequests"/> and <see cref="VideoProviderOptions.RateLimiter"/>), shared by all of its pipelines, so that any number of waiting
/// jobs, downloads and creates together stay within them. It sits between the retry and the attempt timeout: every attempt
/// takes a permit, and time spent queued counts neither against the attempt's timeout nor as a sign that a create was sent.
/// </summary>
/// <remarks>
/// The rate is kept by spacing requests at least 1/rate apart (one reserved slot per request, on the injected clock), so
/// no second ever holds more than the rate, bursts included. A request waits for a concurrency permit first and then for
/// its slot, so a request never goes out later than the slot it used. A shared <see cref="VideoProviderOptions.RateLimiter"/>
/// is asked last, so that the permit it gives (often from another process's count) is used at once.
/// </remarks>
internal sealed class RequestLimiter : ResilienceStrategy
{
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim? _concurrent;
    private readonly System.Threading.RateLimiting.RateLimiter? _shared;
    private readonly string _provider;
    private readonly long _spacing; // in the clock's timestamp units; 0 without a rate
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private long _nextSlot;

    private RequestLimiter(string provider, VideoProviderOptions options, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _provider = provider;
        _shared = options.RateLimiter;
        _concurrent = options.MaxConcurrentRequests is { } concurrent ? new SemaphoreSlim(concurrent, concurrent) : null;
        _spacing = options.MaxRequestsPerSecond is { } rate ? (long)Math.Ceiling(timeProvider.TimestampFrequency / rate) : 0;
        _nextSlot = timeProvider.GetTimestamp();
    }

    /// <summary>Creates the registration's limiter, or <see langword="null"/> when it sets no limit.</summary>
    public static RequestLimiter? Create(string provider, VideoProviderOptions options, TimeProvider timeProvider) =>
        options is { MaxRequestsPerSecond: null, MaxConcurrentRequests: null, RateLimiter: null } ? null : new RequestLimiter(provider, options, timeProvider);

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        var cancellationToken = context.CancellationToken; // the caller's: the attempt timeout starts after the permit
        var holding = false;
        try
        {
            if (_concurrent is not null)
            {
                await _concurrent.WaitAsync(cancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
                holding = true;
            }

            if (ReserveSlot() is var wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }

            if (_shared is null)
            {
                return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            }

            using var lease = await _shared.AcquireAsync(1, cancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            return lease.IsAcquired
                ? await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext)
                : Outcome.FromException<TResult>(new VideoRateLimitException(_provider,
                    $"The shared rate limiter of {_provider} refused a permit; nothing was sent. Try again later.", statusCode: null));
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            return Outcome.FromException<TResult>(ex); // cancelled while queued: nothing was sent
        }
        finally
        {
            if (holding)
            {
                _concurrent!.Release();
            }
        }
    }

    /// <summary>Takes the next free slot and says how long until it comes (a cancelled wait leaves its slot unused, never shared).</summary>
    private TimeSpan ReserveSlot()
    {
        if (_spacing == 0)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + _spacing;
            return _timeProvider.GetElapsedTime(now, slot);
        }
    }
}
