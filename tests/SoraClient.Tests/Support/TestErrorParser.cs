using System.Text.Json;
using SoraClient.Http;

namespace SoraClient.Tests.Support;

/// <summary>
/// A gateway error parser for tests: <c>{"error":{"code","message","kind"}}</c> in any response (also a 2xx:
/// an error envelope inside HTTP 200) becomes a <see cref="ProviderError"/>; <c>kind</c> overrides the status meaning.
/// Anything else in an error response is left to the sender's fallback.
/// </summary>
internal static class TestErrorParser
{
    public static ProviderError? Parse(int statusCode, ProviderAnswer answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            var kind = error.TryGetProperty("kind", out var k) && Enum.TryParse<ProviderErrorKind>(k.GetString(), ignoreCase: true, out var parsed)
                ? parsed
                : ProviderError.KindOf(statusCode);
            return new ProviderError(kind, code, message);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
