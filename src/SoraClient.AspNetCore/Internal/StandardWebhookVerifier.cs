using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SoraClient.AspNetCore.Internal;

/// <summary>
/// Verifies Standard Webhooks signatures (OpenAI's webhooks): <c>webhook-signature: v1,{base64 HMAC-SHA256("{id}.{timestamp}.{body}")}</c>
/// under the base64 key after <c>whsec_</c>, a <c>webhook-timestamp</c> (Unix seconds) within the tolerance of now, and a
/// <c>webhook-id</c> not accepted before within that window. The ids seen are the only state, kept as long as the window.
/// </summary>
internal sealed class StandardWebhookVerifier(TimeProvider time)
{
    public const string Prefix = "whsec_";
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;

    public static bool TryDecodeSecret(string secret, out byte[] key)
    {
        key = [];
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            key = Convert.FromBase64String(secret[Prefix.Length..]);
            return key.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Checks a delivery; a valid one is remembered, so its id is refused as a replay until the window has passed.</summary>
    public SignatureVerdict Verify(string scope, IEnumerable<string> secrets, string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
        {
            return SignatureVerdict.Invalid;
        }

        var signedContent = new byte[Encoding.UTF8.GetByteCount(id) + timestamp!.Length + body.Length + 2];
        var written = Encoding.UTF8.GetBytes($"{id}.{timestamp}.", signedContent);
        body.CopyTo(signedContent.AsSpan(written));
        var valid = false;
        foreach (var secret in secrets)
        {
            if (!TryDecodeSecret(secret, out var key))
            {
                continue;
            }

            var expected = HMACSHA256.HashData(key, signedContent);
            foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                valid |= signature.StartsWith("v1,", StringComparison.Ordinal) && Matches(expected, signature.AsSpan(3));
            }
        }

        if (!valid)
        {
            return SignatureVerdict.Invalid;
        }

        var now = time.GetUtcNow();
        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - sent).Duration() > tolerance)
        {
            return SignatureVerdict.Expired;
        }

        Sweep(now);
        return _seen.TryAdd($"{scope}\n{id}", sent + tolerance) ? SignatureVerdict.Valid : SignatureVerdict.Replayed;
    }

    /// <summary>Forgets a delivery that was not taken (the queue was full), so the gateway's redelivery is accepted.</summary>
    public void Forget(string scope, string id) => _seen.TryRemove($"{scope}\n{id}", out _);

    private static bool Matches(byte[] expected, ReadOnlySpan<char> base64)
    {
        Span<byte> presented = stackalloc byte[64];
        return Convert.TryFromBase64Chars(base64, presented, out var length) && CryptographicOperations.FixedTimeEquals(expected, presented[..length]);
    }

    /// <summary>Drops ids whose window has passed (their timestamps are refused anyway), at most once a minute.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + TimeSpan.FromMinutes(1);
        foreach (var (key, until) in _seen)
        {
            if (until < now)
            {
                _seen.TryRemove(key, out _);
            }
        }
    }
}
