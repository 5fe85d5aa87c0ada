using System.Security.Cryptography;
using System.Text;

namespace SoraClient.AspNetCore.Internal;

/// <summary>
/// The token of a callback URL: base64url(HMAC-SHA256(key, "sora-callback-v1\n{registration}\n{correlation}")). Checking it
/// needs only the keys (no record per job), so any instance can, after a restart too.
/// </summary>
internal static class CallbackToken
{
    private const int MacSize = 32;

    /// <summary>A new random correlation id: 16 bytes, base64url.</summary>
    public static string NewCorrelation() => ToBase64Url(RandomNumberGenerator.GetBytes(16));

    public static string Create(string key, string provider, string correlation) =>
        ToBase64Url(Mac(key, provider, correlation));

    /// <summary>Whether <paramref name="token"/> was made by one of <paramref name="keys"/> for this registration and correlation (constant time per key).</summary>
    public static bool Verify(IEnumerable<string> keys, string provider, string correlation, string? token)
    {
        Span<byte> presented = stackalloc byte[MacSize];
        if (token is not { Length: 43 } || !IsCorrelation(correlation) || !IsCorrelation(token)
            || !Convert.TryFromBase64String(token.Replace('-', '+').Replace('_', '/') + "=", presented, out var length) || length != MacSize)
        {
            return false;
        }

        var valid = false;
        foreach (var key in keys)
        {
            valid |= CryptographicOperations.FixedTimeEquals(Mac(key, provider, correlation), presented); // every key is tried: no timing hint of which
        }

        return valid;
    }

    /// <summary>Correlation ids are short base64url strings; anything else is refused before any MAC is computed.</summary>
    public static bool IsCorrelation(string correlation) =>
        correlation.Length is > 0 and <= 64 && correlation.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Mac(string key, string provider, string correlation) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"sora-callback-v1\n{provider}\n{correlation}"));
}
