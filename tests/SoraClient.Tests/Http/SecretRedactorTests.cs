using SoraClient.Http;

namespace SoraClient.Tests.Http;

public class SecretRedactorTests
{
    private const string Key = "sk-test-1234567890abcdef";

    [Fact]
    public void Redact_ConfiguredKeyAnywhere_Masked()
    {
        var redactor = new SecretRedactor(Key);

        var text = redactor.Redact($"bad key {Key}; again:{Key}.");

        Assert.Equal("bad key [REDACTED]; again:[REDACTED].", text);
    }

    [Fact]
    public void Redact_KeyWithoutKeyShape_MaskedByValue()
    {
        var redactor = new SecretRedactor("azure0123456789abcdefKEY");

        Assert.Equal("api-key: [REDACTED]", redactor.Redact("api-key: azure0123456789abcdefKEY"));
    }

    [Theory]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-_~+/=", "Authorization: Bearer [REDACTED]")]
    [InlineData("authorization: bearer some.token", "authorization: bearer [REDACTED]")]
    [InlineData("BEARER   xyz123", "BEARER   [REDACTED]")]
    public void Redact_AnyBearerToken_Masked(string text, string expected) =>
        Assert.Equal(expected, new SecretRedactor().Redact(text));

    [Fact]
    public void Redact_AccessTokenWithoutBearer_Masked()
    {
        var text = new SecretRedactor().Redact("token eyJ0eXAiOiJKV1QiLCJhbGci.eyJhdWQiOiJjb2duaXRpdmVz.c2lnbmF0dXJl is expired");

        Assert.Equal("token [REDACTED] is expired", text);
    }

    [Fact]
    public void Remember_KeysFromTheProvider_MaskedTheCurrentAndThePrevious()
    {
        var redactor = new SecretRedactor();
        redactor.Remember("vault-key-one-0001");
        redactor.Remember("vault-key-two-0002");
        redactor.Remember("vault-key-two-0002"); // the same key again keeps the previous one

        Assert.Equal("[REDACTED] then [REDACTED]", redactor.Redact("vault-key-one-0001 then vault-key-two-0002"));
    }

    [Fact]
    public void Redact_OtherKeyLikeTokens_Masked()
    {
        var text = new SecretRedactor(Key).Redact("leaked sk-proj-AbCdEf0123456789_xyz and sk-live-zzzzzzzzzz");

        Assert.Equal("leaked [REDACTED] and [REDACTED]", text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Redact_NothingToRedact_ReturnedAsIs(string? text) =>
        Assert.Equal(text, new SecretRedactor(Key).Redact(text));

    [Fact]
    public void Redact_OrdinaryText_Unchanged()
    {
        const string Text = "Video video_123 failed: the prompt mentions a task-list and skis.";

        Assert.Equal(Text, new SecretRedactor(Key).Redact(Text));
    }

    [Fact]
    public void Constructor_TooShortOrEmptySecrets_Ignored()
    {
        var redactor = new SecretRedactor(null, string.Empty, "abc");

        Assert.Equal("abc is fine", redactor.Redact("abc is fine"));
    }

    [Fact]
    public void RedactBody_LongBody_TruncatedAfterRedaction()
    {
        var body = new string('a', 4090) + Key + new string('b', 100);

        var redacted = new SecretRedactor(Key).RedactBody(body)!;

        Assert.Equal(4099, redacted.Length);
        Assert.EndsWith("...", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_NoSecret_SameInstance()
    {
        var ex = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.gateway.test:443)");

        Assert.Same(ex, new SecretRedactor(Key).Scrub(ex));
    }

    [Fact]
    public void Scrub_SecretInMessage_RedactedCopyOfSameKind()
    {
        var ex = new HttpRequestException(HttpRequestError.ProxyTunnelError, $"proxy said: Bearer {Key}", null, System.Net.HttpStatusCode.ProxyAuthenticationRequired);

        var scrubbed = Assert.IsType<HttpRequestException>(new SecretRedactor(Key).Scrub(ex));

        Assert.Equal("proxy said: Bearer [REDACTED]", scrubbed.Message);
        Assert.Equal(HttpRequestError.ProxyTunnelError, scrubbed.HttpRequestError);
        Assert.Equal(System.Net.HttpStatusCode.ProxyAuthenticationRequired, scrubbed.StatusCode);
    }

    [Fact]
    public void Scrub_SecretDeepInChain_WholeChainRedacted()
    {
        var ex = new HttpRequestException("send failed", new IOException("reset", new InvalidOperationException($"key {Key}")));

        var scrubbed = new SecretRedactor(Key).Scrub(ex);

        Assert.DoesNotContain(Key, scrubbed.ToString(), StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(scrubbed);
        Assert.IsType<IOException>(scrubbed.InnerException);
        Assert.Equal("key [REDACTED]", scrubbed.InnerException!.InnerException!.Message);
    }

    [Fact]
    public void RedactBody_ShortBody_Whole() =>
        Assert.Equal("""{"key":"[REDACTED]"}""", new SecretRedactor(Key).RedactBody($$"""{"key":"{{Key}}"}"""));
}
