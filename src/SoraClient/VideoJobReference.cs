using System.Diagnostics.CodeAnalysis;

namespace SoraClient;

/// <summary>
/// Finds a job again from a plain string, also in another process: <c>{provider}:{id}</c>, where the provider
/// is the generator's registration name. The id may itself contain colons; the provider may not.
/// </summary>
/// <param name="Provider">The generator registration name (for example <c>apiyi</c>).</param>
/// <param name="JobId">The gateway's job id.</param>
// Positional on purpose: a value of two parts, like a tuple, that is not expected to grow.
public readonly record struct VideoJobReference(string Provider, string JobId)
{
    /// <summary>Parses <c>provider:id</c>.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> is not <c>provider:id</c>.</exception>
    public static VideoJobReference Parse(string value) =>
        TryParse(value, out var reference)
            ? reference
            : throw new FormatException($"'{value}' is not a job reference; expected 'provider:id', for example 'openai:video_123'.");

    /// <summary>Tries to parse <c>provider:id</c>.</summary>
    /// <param name="value">The text.</param>
    /// <param name="reference">The reference, when the text is one.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a reference.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out VideoJobReference reference)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (value is null || colon <= 0 || string.IsNullOrWhiteSpace(value[..colon]) || string.IsNullOrWhiteSpace(value[(colon + 1)..]))
        {
            reference = default;
            return false;
        }

        reference = new VideoJobReference(value[..colon], value[(colon + 1)..]);
        return true;
    }

    /// <summary>Formats the reference as <c>provider:id</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Provider}:{JobId}";
}
