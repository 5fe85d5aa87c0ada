namespace SoraClient.Jobs;

/// <summary>The job ledger cannot be used: its file is damaged, locked by another process, or from a newer version.</summary>
public class VideoJobLedgerException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerException"/> class.</summary>
    public VideoJobLedgerException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public VideoJobLedgerException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public VideoJobLedgerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
