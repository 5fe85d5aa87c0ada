namespace SoraClient.Providers;

/// <summary>
/// What every job mapper reads the same way from a gateway's answer: whether its words speak of content policy (the union
/// of the words the gateways use, so that a blocked prompt reads the same whichever gateway blocked it), keywords in its
/// codes and messages, result links, and Unix times (<see cref="UnixTime"/>).
/// </summary>
internal static class JobMapping
{
    private static readonly string[] s_contentPolicyWords =
    [
        "moderation", "content_policy", "content policy", "policy", "safety", "sensitive", "violat", "nsfw", "prohibited", "blocked",
        "real person", "real people", "违规",
    ];

    /// <summary>
    /// Whether a code or message speaks of content policy. Mappers ask this before they read a generic code (<c>api_error</c>,
    /// <c>upstream_error</c>, <c>error</c>) as transient: a prompt that will be blocked again is not worth paying for again.
    /// </summary>
    public static bool IsContentPolicy(string? code, string? message) => Mentions(code, message, s_contentPolicyWords);

    /// <summary>Whether <paramref name="code"/> or <paramref name="message"/> contains any of <paramref name="words"/>, ignoring case.</summary>
    public static bool Mentions(string? code, string? message, params string[] words) =>
        words.Any(w => (code?.Contains(w, StringComparison.OrdinalIgnoreCase) ?? false) || (message?.Contains(w, StringComparison.OrdinalIgnoreCase) ?? false));

    /// <summary>Whether a result link is one the SDK may download (absolute http or https).</summary>
    public static bool IsDownloadable(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
