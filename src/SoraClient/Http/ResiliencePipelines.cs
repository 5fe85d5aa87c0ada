using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SoraClient.Http;

/// <summary>Builds the three pipelines: submit (never two jobs), status (transient retries) and download (no total limit).</summary>
internal static class ResiliencePipelines
{
    /// <summary>A longer Retry-After is reported to the caller instead of waited out inside one call.</summary>
    public static readonly TimeSpan MaxHonouredRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>Builds one operation's pipeline: retries (never of a create that may have been accepted), the request limits, the attempt timeout.</summary>
    /// <param name="operation">Which pipeline.</param>
    /// <param name="provider">The registration name, for logs.</param>
    /// <param name="options">The registration's options.</param>
    /// <param name="timeProvider">The clock of every delay and timeout.</param>
    /// <param name="logger">Logs retries.</param>
    /// <param name="limiter">The registration's request limits, shared by its pipelines; <see langword="null"/> for none.</param>
    /// <returns>The pipeline.</returns>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode",
        Justification = "Polly validates strategy options by reflection; RequestLimiterOptions declares no member to validate.")]
    public static ResiliencePipeline Create(HttpOperation operation, string provider, VideoProviderOptions options, TimeProvider timeProvider, ILogger logger,
        RequestLimiter? limiter = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && ShouldRetry(operation, ex)),
                DelayGenerator = args => ValueTask.FromResult((args.Outcome.Exception as VideoProviderException)?.RetryAfter),
                OnRetry = args =>
                {
                    HttpLog.Retry(logger, provider, operation, args.AttemptNumber + 1, args.RetryDelay, Describe(args.Outcome.Exception));
                    return default;
                },
            });
        }

        if (limiter is not null)
        {
            builder.AddStrategy(_ => limiter, new RequestLimiterOptions()); // each attempt takes a permit, before its timeout starts
        }

        // Per attempt; for a download it limits the wait for the headers only, never the body.
        builder.AddTimeout(options.RequestTimeout);
        return builder.Build();
    }

    public static bool ShouldRetry(HttpOperation operation, Exception exception)
    {
        if (exception is VideoProviderException { RetryAfter: { } retryAfter } && retryAfter > MaxHonouredRetryAfter)
        {
            return false;
        }

        return operation == HttpOperation.Submit
            ? IsProvablyNotAccepted(exception)
            : exception switch
            {
                VideoProviderException provider => provider.IsTransient,
                HttpRequestException or IOException or TimeoutRejectedException => true,
                TaskCanceledException { InnerException: TimeoutException } => true, // HttpClient.Timeout
                _ => false,
            };
    }

    /// <summary>
    /// True only when the gateway cannot have created a job: the connection never carried the request, or the
    /// gateway answered that it did not take it (429 without a quota problem, 503, 408, or a busy envelope inside a
    /// 2xx). The status decides first: any other 5xx may come after the job was taken, whatever its body says.
    /// </summary>
    public static bool IsProvablyNotAccepted(Exception exception) => exception switch
    {
        HttpRequestException http => IsBeforeSend(http),
        VideoQuotaExceededException => false,
        VideoProviderException { StatusCode: 429 or 503 or 408 } => true,
        VideoRateLimitException { StatusCode: >= 200 and < 300 } => true,
        _ => false,
    };

    /// <summary>Failures that happen while connecting, before any byte of the request is written.</summary>
    public static bool IsBeforeSend(HttpRequestException exception) => exception.HttpRequestError
        is HttpRequestError.NameResolutionError
        or HttpRequestError.ConnectionError
        or HttpRequestError.SecureConnectionError
        or HttpRequestError.ProxyTunnelError;

    private static string Describe(Exception? exception) => exception switch
    {
        VideoProviderException { StatusCode: { } status } => $"HTTP {status}",
        HttpRequestException http => $"connection error ({http.HttpRequestError})",
        TimeoutRejectedException => "attempt timed out",
        null => "failure",
        _ => exception.GetType().Name,
    };
}
