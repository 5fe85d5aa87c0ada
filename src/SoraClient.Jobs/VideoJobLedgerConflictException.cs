namespace SoraClient.Jobs;

/// <summary>A ledger row is not in a state the requested step may follow (another worker moved it first, or the step is out of order).</summary>
public class VideoJobLedgerConflictException : VideoJobLedgerException
{
    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerConflictException"/> class.</summary>
    public VideoJobLedgerConflictException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerConflictException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public VideoJobLedgerConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerConflictException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public VideoJobLedgerConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VideoJobLedgerConflictException"/> class.</summary>
    /// <param name="key">The row's key.</param>
    /// <param name="state">The row's state.</param>
    /// <param name="step">The step that was refused.</param>
    public VideoJobLedgerConflictException(string key, VideoJobEntryState state, string step)
        : base($"The job ledger row '{key}' is {state}; '{step}' cannot follow that state.")
    {
        Key = key;
        State = state;
    }

    /// <summary>Gets the row's key, when known.</summary>
    public string? Key { get; }

    /// <summary>Gets the row's state when the step was refused, when known.</summary>
    public VideoJobEntryState? State { get; }
}
