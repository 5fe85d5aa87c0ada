using System.Diagnostics.CodeAnalysis;
using SoraClient.ContractTests.Harness;
using SoraClient.Testing;

namespace SoraClient.ContractTests.FaultMatrix;

/// <summary>
/// The fault matrix (<see cref="FaultMatrixCases"/>): each gateway × each of its calls × each fault on the first request, over
/// real sockets to WireMock.Net. Each case asserts the outcome and the exact number of requests the gateway received, and that
/// the key shows nowhere; a create is never sent twice unless the gateway provably did not take it. The SDK runs on a
/// <see cref="FastForwardClock"/>: retry delays and hints are skipped (and recorded), and the attempt timeout is fired by hand.
/// </summary>
public sealed class FaultMatrixTests : ContractTest, IDisposable
{
    private readonly FastForwardClock _clock = new();
    private readonly TestLoggerProvider _logs = new();
    private readonly ConnectionRefusals _refusals = new();
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromSeconds(60));

    public FaultMatrixTests() => _http = new HttpClient(LoopbackHandler.Create(_refusals)) { Timeout = Timeout.InfiniteTimeSpan };

    public static TheoryData<string, MatrixOperation, string, bool> Cases
    {
        get
        {
            var data = new TheoryData<string, MatrixOperation, string, bool>();
            foreach (var (gateway, call, fault, persistent) in FaultMatrixCases.All)
            {
                data.Add(gateway.Id, call.Operation, fault.Id, persistent);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FaultMatrix(string gateway, MatrixOperation operation, string fault, bool persistent)
    {
        var target = MatrixGateways.Get(gateway);
        var call = target.Calls.Single(c => c.Operation == operation);
        var row = FaultMatrixCases.Fault(fault);
        var context = new MatrixContext(WireMock, Enumerable.Range(0, 8 * 1024).Select(i => (byte)(i * 31)).ToArray(), _clock.Time, _logs);
        row.Arrange(new FaultSetup(target, call, context, _refusals, persistent));
        using var generator = target.Create(_http, context, options =>
        {
            options.MaxRetries = FaultMatrixCases.MaxRetries;
            options.RequestTimeout = FastForwardClock.LongTimeout; // fired by hand in the "slow" row, never by accident
            options.DownloadIdleTimeout = FastForwardClock.LongTimeout;
            options.DownloadTimeout = TimeSpan.FromDays(1);
            options.MaxResponseBytes = FaultMatrixCases.MaxResponseBytes;
            options.MaxDownloadBytes = FaultMatrixCases.MaxResponseBytes;
            options.AllowPrivateAddresses = true; // the result links point at the stub as localhost
        });

        Exception? error = null;
        var run = call.Run(generator, context, _guard.Token);
        if (row.FiresAttemptTimeout)
        {
            await FireTheAttemptTimeoutOnArrivalAsync(call, run, persistent ? int.MaxValue : 1); // once: the retry is answered at once
        }

        try
        {
            await run;
        }
        catch (Exception e) when (!_guard.IsCancellationRequested)
        {
            error = e;
        }

        var received = WireMock.Arrivals(call.Method, call.Path);
        var actual = $"{Describe(error)} {received}";
        var expected = FaultMatrixCases.Expected(gateway, operation, fault, persistent);
        Assert.True(expected == actual, $"{gateway} {operation} × {fault}{(persistent ? " (every request)" : null)}: expected {expected}, got {actual}; error: {error}");
        if (row.FirstWait is { } wait && received > 1 && error is null)
        {
            // the retry waited what the server asked, and a zero hint means no backoff at all
            Assert.Equal(wait == TimeSpan.Zero ? [] : [wait], _clock.NonZeroWaits);
        }

        if (row.ReportedRetryAfter is { } reported && error is not null)
        {
            Assert.Equal(reported, Assert.IsType<VideoProviderException>(error, exactMatch: false).RetryAfter);
        }

        AssertNoKey(error);
        WireMock.AssertNoUnmatchedRequests();
    }

    /// <summary>
    /// The last word of an outcome: <c>ok</c>, <c>uncertain</c>, the SDK exception's type, with the SDK's own error code
    /// (<c>invalid_response</c>, <c>timeout</c>...) when the base <see cref="VideoProviderException"/> carries one.
    /// </summary>
    private static string Describe(Exception? error) => error switch
    {
        null => "ok",
        VideoSubmissionUncertainException => "uncertain",
        VideoProviderException { ProviderErrorCode: { } code } e when e.GetType() == typeof(VideoProviderException) && IsSdkCode(code) => $"{nameof(VideoProviderException)}/{code}",
        _ => error.GetType().Name,
    };

    private static bool IsSdkCode(string code) =>
        code is "invalid_response" or "not_a_video" or "timeout" or "connection_failed" or "link_refused" or "content_changed" or "invalid_range"
        || code.StartsWith("download_", StringComparison.Ordinal);

    /// <summary>Fires the (one-hour) attempt timeout each time a request the stub does not answer has arrived, at most <paramref name="times"/> times.</summary>
    private async Task FireTheAttemptTimeoutOnArrivalAsync(MatrixCall call, Task run, int times)
    {
        for (var fired = 0; !run.IsCompleted && fired < times; await Task.WhenAny(run, Task.Delay(5, _guard.Token)))
        {
            if (WireMock.Arrivals(call.Method, call.Path) > fired)
            {
                fired++;
                _clock.Time.Advance(FastForwardClock.LongTimeout);
            }
        }
    }

    private void AssertNoKey(Exception? error)
    {
        Assert.DoesNotContain(FaultMatrixCases.ApiKey, error?.ToString() ?? string.Empty, StringComparison.Ordinal);
        for (var current = error; current is not null; current = current.InnerException)
        {
            Assert.DoesNotContain(FaultMatrixCases.ApiKey, (current as VideoProviderException)?.ResponseBody ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(FaultMatrixCases.ApiKey, _logs.AllText, StringComparison.Ordinal);
    }

    [SuppressMessage("Usage", "CA1816", Justification = "sealed, no finalizer")]
    public void Dispose()
    {
        _http.Dispose();
        _guard.Dispose();
        _logs.Dispose();
    }
}
