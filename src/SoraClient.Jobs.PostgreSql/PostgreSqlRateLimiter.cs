using System.Threading.RateLimiting;

namespace SoraClient.Jobs.PostgreSql;

/// <summary>
/// A token bucket kept in one row of the ledger's database, so the rate holds across every worker that shares it.
/// Each attempt is one atomic <c>UPDATE</c> (one round trip); a refused attempt learns how long until the next token
/// and waits that long on the ledger's clock before trying again. Within one process the waiters take turns, so only one
/// of them at a time asks the database (no stampede of refused updates when a token comes free).
/// </summary>
internal sealed class PostgreSqlRateLimiter(PostgreSqlVideoJobLedger ledger, string name, double rate, int burst) : RateLimiter
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private long _acquired;

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => new() { TotalSuccessfulLeases = Interlocked.Read(ref _acquired) };

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        throw new NotSupportedException("The shared rate limit needs the database: use AcquireAsync.");

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var wait = await ledger.TryTakeTokenAsync(name, rate, burst, cancellationToken).ConfigureAwait(false);
                if (wait == TimeSpan.Zero)
                {
                    Interlocked.Increment(ref _acquired);
                    return Acquired.Instance;
                }

                await Task.Delay(wait, ledger.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _turn.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Acquired : RateLimitLease
    {
        public static readonly Acquired Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
