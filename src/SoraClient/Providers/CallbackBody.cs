using System.Text.Json;
using SoraClient.Http;

namespace SoraClient.Providers;

/// <summary>What the gateways' callback parsers share: a body that is not JSON, or not the shape the mapper reads, is a <see cref="FormatException"/>.</summary>
internal static class CallbackBody
{
    // No key is known here; the patterns still catch bearer tokens, sk- keys and masked keys a gateway echoes.
    private static readonly SecretRedactor s_redactor = new();

    /// <summary>Parses a callback body and maps its root element to the job it reports.</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <param name="expected">What the body should be, for the message (for example <c>an AceData callback</c>).</param>
    /// <param name="map">Maps the root element; it throws <see cref="FormatException"/> itself for a body that lacks what it needs.</param>
    /// <returns>The job.</returns>
    /// <exception cref="FormatException">The body is not JSON, or the mapper could not read it.</exception>
    public static VideoJob Parse(ReadOnlySpan<byte> body, string expected, Func<JsonElement, VideoJob> map)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            return s_redactor.Redact(map(document.RootElement.Clone()));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException($"The body is not {expected}: {ex.Message}", ex);
        }
    }
}
