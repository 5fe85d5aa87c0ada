using System.Text.RegularExpressions;

namespace SoraClient.Http;

/// <summary>Removes API keys and bearer tokens from text before it reaches a message, a log or <see cref="VideoProviderException.ResponseBody"/>.</summary>
internal sealed partial class SecretRedactor
{
    public const string Mask = "[REDACTED]";
    private const int MaxBodyLength = 4096;
    private readonly string[] _secrets;

    public SecretRedactor(params string?[] secrets) =>
        _secrets = [.. secrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4).Cast<string>().Distinct(StringComparer.Ordinal)];

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = BearerToken().Replace(text, "${scheme}" + Mask);
        return KeyLikeToken().Replace(text, Mask);
    }

    /// <summary>Redacts and truncates a response body for <see cref="VideoProviderException.ResponseBody"/>.</summary>
    public string? RedactBody(string? body)
    {
        var redacted = Redact(body);
        return redacted is { Length: > MaxBodyLength } ? string.Concat(redacted.AsSpan(0, MaxBodyLength), "...") : redacted;
    }

    [GeneratedRegex(@"(?<scheme>bearer\s+)[A-Za-z0-9._~+/=\-]+", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{8,}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyLikeToken();
}
