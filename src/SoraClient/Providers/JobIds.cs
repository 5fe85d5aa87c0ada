using System.Diagnostics.CodeAnalysis;

namespace SoraClient.Providers;

/// <summary>
/// Job ids go into request paths (and bodies): an id that is <c>.</c> or <c>..</c>, or that has a separator (<c>/</c>,
/// <c>\</c>, <c>?</c>, <c>#</c>) or a control character, could turn <c>GET /v1/videos/{id}</c> into another request that
/// carries the key (<see cref="Uri"/> removes dot segments after escaping). Such ids are refused from the caller
/// (before any request) and from the gateway (as an invalid answer).
/// </summary>
internal static class JobIds
{
    /// <summary>Whether <paramref name="id"/> can be used as a job id.</summary>
    public static bool IsSafe([NotNullWhen(true)] string? id) =>
        !string.IsNullOrWhiteSpace(id) && id is not ("." or "..") && !id.Any(c => c is '/' or '\\' or '?' or '#' || char.IsControl(c));

    /// <summary>Throws <see cref="ArgumentException"/> for an id the caller gave that is empty or could change the request's path.</summary>
    /// <param name="id">The id.</param>
    /// <param name="parameterName">The parameter it came from.</param>
    public static void ThrowIfInvalid(string? id, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, parameterName);
        if (!IsSafe(id))
        {
            throw new ArgumentException(
                "The job id must not be '.' or '..' nor contain '/', '\\', '?', '#' or control characters; ids like that are never issued by a gateway.",
                parameterName);
        }
    }
}
