namespace SoraClient.Emulator;

/// <summary>The protocol-neutral state of an emulated job; each protocol reports it in its own words.</summary>
public enum EmulatorJobStatus
{
    /// <summary>Accepted, not started yet (OpenAI <c>queued</c>).</summary>
    Queued,

    /// <summary>Generating, with rising progress (OpenAI <c>in_progress</c>).</summary>
    Running,

    /// <summary>Finished with a result (OpenAI <c>completed</c>).</summary>
    Succeeded,

    /// <summary>Finished without a result (OpenAI <c>failed</c>).</summary>
    Failed,
}
