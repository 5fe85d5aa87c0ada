namespace SoraClient.Emulator;

/// <summary>
/// Markers that, written anywhere in a prompt (case-insensitive), decide how the emulated job ends. They let a client
/// in another process (a sample, the CLI, another language) trigger failures without access to <see cref="SoraEmulator.Faults"/>.
/// A job fault added in process wins over a marker.
/// </summary>
public static class EmulatorPromptMarkers
{
    /// <summary>The job fails halfway through, blocked by moderation (OpenAI <c>error.code</c> <c>moderation_blocked</c>).</summary>
    public const string Moderation = "[emulator:moderation]";

    /// <summary>The job fails halfway through with a transient server error (OpenAI <c>error.code</c> <c>internal_error</c>).</summary>
    public const string Fail = "[emulator:fail]";

    /// <summary>The job completes, but its result has expired at once: the content is gone.</summary>
    public const string Expire = "[emulator:expire]";

    /// <summary>
    /// GrsAI: the task is not visible at first: <c>/v1/draw/result</c> answers <c>-22</c> (task not found) until the job
    /// leaves its queued phase, as a task that is not registered yet would.
    /// </summary>
    public const string NotVisibleYet = "[emulator:late]";
}
