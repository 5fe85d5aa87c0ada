namespace SoraClient;

/// <summary>Why a job failed.</summary>
/// <param name="Code">The gateway's error code, when it gave one.</param>
/// <param name="Message">The gateway's explanation.</param>
/// <param name="Category">What kind of failure it is.</param>
// Positional on purpose: a value of three parts, like a tuple, that is not expected to grow.
public sealed record VideoJobError(string? Code, string Message, VideoErrorCategory Category)
{
    /// <summary>Gets a value indicating whether submitting the same request again may succeed.</summary>
    public bool IsRetryable => Category == VideoErrorCategory.Transient;
}
