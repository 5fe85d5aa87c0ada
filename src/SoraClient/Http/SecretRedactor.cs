using System.Text.RegularExpressions;

namespace SoraClient.Http;

/// <summary>Removes API keys and bearer tokens from text before it reaches a message, a log or <see cref="VideoProviderException.ResponseBody"/>.</summary>
internal sealed partial class SecretRedactor
{
    public const string Mask = "[REDACTED]";
    private const int MaxBodyLength = 4096;
    private readonly string[] _secrets;

    // The keys an ApiKeyProvider handed out lately: the current one and the one it replaced (a gateway may still echo it).
    private volatile string? _current;
    private volatile string? _previous;

    public SecretRedactor(params string?[] secrets) =>
        _secrets = [.. secrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4).Cast<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>Adds a key obtained at run time (from <see cref="VideoProviderOptions.ApiKeyProvider"/>) to the secrets to hide.</summary>
    public void Remember(string key)
    {
        var current = _current;
        if (key.Length < 4 || string.Equals(key, current, StringComparison.Ordinal) || _secrets.Contains(key, StringComparer.Ordinal))
        {
            return;
        }

        _previous = current;
        _current = key;
    }

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

        foreach (var secret in (ReadOnlySpan<string?>)[_current, _previous])
        {
            if (secret is not null)
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        if (!MayHoldToken(text))
        {
            return text; // a status word, say: none of the patterns below can match
        }

        text = BearerToken().Replace(text, "${scheme}" + Mask);
        text = JsonWebToken().Replace(text, Mask);
        text = KeyLikeToken().Replace(text, Mask);
        return MaskedToken().Replace(text, Mask);
    }

    /// <summary>The job with every text the gateway wrote into it redacted: its error and its status word.</summary>
    public VideoJob Redact(VideoJob job)
    {
        // Redact returns the same instance when there is nothing to hide: the job is copied only when needed.
        var status = Redact(job.ProviderStatus);
        var error = job.Error;
        if (error is not null && (!ReferenceEquals(Redact(error.Code), error.Code) || !ReferenceEquals(Redact(error.Message), error.Message)))
        {
            error = error with { Code = Redact(error.Code), Message = Redact(error.Message) };
        }

        return ReferenceEquals(status, job.ProviderStatus) && ReferenceEquals(error, job.Error) ? job : job with { ProviderStatus = status, Error = error };
    }

    /// <summary>
    /// The exception itself when its text (messages of the whole chain) holds no secret; otherwise a copy of the same kind
    /// with redacted messages, to attach as an inner exception without undoing the redaction of the outer message
    /// (<see cref="Exception.ToString"/>, which loggers print, includes inner messages).
    /// </summary>
    public Exception Scrub(Exception exception)
    {
        var text = exception.ToString();
        if (string.Equals(Redact(text), text, StringComparison.Ordinal))
        {
            return exception;
        }

        var inner = exception.InnerException is { } cause ? Scrub(cause) : null;
        var message = Redact(exception.Message);
        return exception switch
        {
            HttpRequestException http => new HttpRequestException(http.HttpRequestError, message, inner, http.StatusCode),
            IOException => new IOException(message, inner),
            _ => new VideoGenerationException(message, inner),
        };
    }

    /// <summary>Redacts and truncates a response body for <see cref="VideoProviderException.ResponseBody"/>.</summary>
    public string? RedactBody(string? body)
    {
        var redacted = Redact(body);
        return redacted is { Length: > MaxBodyLength } ? string.Concat(redacted.AsSpan(0, MaxBodyLength), "...") : redacted;
    }

    // What each pattern below needs: whitespace after "bearer" (\s is char.IsWhiteSpace), "eyJ", "sk-", or four asterisks.
    private static bool MayHoldToken(string text)
    {
        if (text.Contains("sk-", StringComparison.Ordinal) || text.Contains("eyJ", StringComparison.Ordinal) || text.Contains("****", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(?<scheme>bearer\s+)[A-Za-z0-9._~+/=\-]+", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BearerToken();

    // An Entra ID (or any OAuth) access token: three base64url parts, the first a JSON header ({"... = eyJ).
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{8,}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyLikeToken();

    // A key echoed masked but for its ends (sk-************CRET): the ends are part of the secret.
    // Anchored at the start of a word and bounded, so that long words cost linear time.
    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]{0,64}\*{4,}[A-Za-z0-9_\-]{0,64}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MaskedToken();
}
