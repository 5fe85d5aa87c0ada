namespace SoraClient.AspNetCore;

/// <summary>
/// How one SoraClient registration receives gateway callbacks and signed webhooks (set with <c>AddWebhooks</c>, bound from
/// configuration, validated at start). A registration whose gateway posts to a per-request callback URL (GrsAI, AceData,
/// aivideoapi) needs <see cref="PublicBaseUri"/> and <see cref="SigningKeys"/>; one that sends signed webhooks
/// (OpenAI-style, Standard Webhooks) needs <see cref="WebhookSecrets"/>.
/// </summary>
public sealed class SoraWebhookOptions
{
    /// <summary>The path <see cref="Path"/> has unless it is set.</summary>
    public const string DefaultPath = "/sora/webhooks";

    /// <summary>
    /// Gets or sets the address the gateway reaches this application at (for example <c>https://example.com</c>). Requests
    /// without a callback URL get <c>{PublicBaseUri}{Path}/{registration}/{correlation}?t={token}</c>.
    /// </summary>
    public Uri? PublicBaseUri { get; set; }

    /// <summary>Gets or sets the path the endpoints are mapped at; it must match <c>MapSoraWebhooks</c>.</summary>
    /// <value>The default is <see cref="DefaultPath"/>.</value>
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// Gets or sets the keys that sign callback URLs (HMAC-SHA256 of the registration and a random correlation id), each at
    /// least 32 characters. The first signs new URLs; all of them verify, so a key can be rotated: add the new one first,
    /// and remove the old one once the jobs submitted under it have ended.
    /// </summary>
    public IList<string> SigningKeys { get; set; } = [];

    /// <summary>
    /// Gets or sets the Standard Webhooks secrets (<c>whsec_</c> followed by base64) that signed webhooks are verified with;
    /// several are accepted at once, for rotation.
    /// </summary>
    public IList<string> WebhookSecrets { get; set; } = [];

    /// <summary>
    /// Gets or sets whether a callback is confirmed by one status read before anything reports it. Turn it off only when
    /// nobody but the gateway can reach the endpoint: unconfirmed, a callback's body is believed as it is.
    /// Signed webhooks carry no result and are always followed by a read.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ConfirmCallbacks { get; set; } = true;

    /// <summary>Gets or sets the largest body accepted, in bytes; a larger one is refused (413) without being read.</summary>
    /// <value>The default is 64 KiB.</value>
    public int MaxBodySize { get; set; } = 64 * 1024;

    /// <summary>Gets or sets how long a wait on this registration goes without a callback before it reads the job anyway.</summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan SafetyPollInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how far a signed webhook's <c>webhook-timestamp</c> may be from now.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
