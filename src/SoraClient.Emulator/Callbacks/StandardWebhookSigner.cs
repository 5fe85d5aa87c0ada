using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SoraClient.Emulator.Callbacks;

/// <summary>
/// OpenAI's webhooks as the emulator sends them: an event <c>{"id","object":"event","created_at","type","data":{"id"}}</c>
/// signed the Standard Webhooks way (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature: v1,{base64 HMAC-SHA256 of "id.timestamp.body"}</c>
/// under the key after <c>whsec_</c>). Written from the Standard Webhooks specification, not from the SDK's verifier.
/// </summary>
internal static class StandardWebhookSigner
{
    private const string Prefix = "whsec_";

    public static bool TryDecodeSecret(string? secret, out byte[] key)
    {
        key = [];
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
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

    /// <summary>The event body for a video that ended (<c>video.completed</c> or <c>video.failed</c>).</summary>
    public static byte[] VideoEvent(string eventId, string type, string videoId, DateTimeOffset at)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", eventId);
            json.WriteString("object", "event");
            json.WriteNumber("created_at", at.ToUnixTimeSeconds());
            json.WriteString("type", type);
            json.WriteStartObject("data");
            json.WriteString("id", videoId);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The three headers for <paramref name="body"/>, sent at <paramref name="at"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Headers(string secret, string messageId, byte[] body, DateTimeOffset at)
    {
        TryDecodeSecret(secret, out var key);
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.").Concat(body).ToArray();
        return
        [
            new("webhook-id", messageId),
            new("webhook-timestamp", timestamp),
            new("webhook-signature", "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed))),
        ];
    }
}
