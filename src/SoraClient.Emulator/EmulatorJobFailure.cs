namespace SoraClient.Emulator;

/// <summary>Why an emulated job fails.</summary>
public enum EmulatorJobFailure
{
    /// <summary>Blocked by content moderation (OpenAI error code <c>moderation_blocked</c>); not worth retrying.</summary>
    Moderation,

    /// <summary>A transient failure on the generating side (OpenAI error code <c>internal_error</c>); worth one retry.</summary>
    ServerError,
}
