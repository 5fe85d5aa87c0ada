namespace SoraClient.Jobs;

/// <summary>
/// A ledger refused an intent to submit because the provider registration already has as many jobs in flight as its
/// concurrent-jobs limit allows (for example <c>PostgreSqlVideoJobLedgerOptions.MaxJobsInFlight</c>, across every
/// worker). Nothing was recorded; <see cref="VideoJobRunner"/> tries again when another row changes.
/// </summary>
public class VideoJobLedgerCapacityException : VideoJobLedgerException
{
    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerCapacityException"/> class.</summary>
    public VideoJobLedgerCapacityException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerCapacityException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public VideoJobLedgerCapacityException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerCapacityException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public VideoJobLedgerCapacityException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerCapacityException"/> class.</summary>
    /// <param name="provider">The provider registration.</param>
    /// <param name="limit">Its concurrent-jobs limit.</param>
    public VideoJobLedgerCapacityException(string provider, int limit)
        : base($"The provider registration '{provider}' has {limit} jobs in flight, its limit; the row is submitted when one of them finishes.")
    {
        Provider = provider;
        Limit = limit;
    }

    /// <summary>Gets the provider registration, when known.</summary>
    public string? Provider { get; }

    /// <summary>Gets the concurrent-jobs limit, when known.</summary>
    public int? Limit { get; }
}
