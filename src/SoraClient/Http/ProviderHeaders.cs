namespace SoraClient.Http;

/// <summary>
/// The headers in which a gateway's answers carry hints beyond the standard ones (<c>x-request-id</c>, <c>request-id</c>,
/// <c>Retry-After</c>, <c>retry-after-ms</c>): the adapter names them, the sender reads them without knowing any gateway.
/// </summary>
internal sealed record ProviderHeaders
{
    /// <summary>Gets the standard headers only.</summary>
    public static ProviderHeaders Standard { get; } = new();

    /// <summary>Gets further headers that carry the request id, read after <c>x-request-id</c> and <c>request-id</c> (Azure's <c>apim-request-id</c>).</summary>
    public IReadOnlyList<string> RequestIds { get; init; } = [];

    /// <summary>Gets the header that says, on a success, how many milliseconds to wait before the next poll (OpenAI's <c>openai-poll-after-ms</c>); it wins over <c>Retry-After</c>.</summary>
    public string? PollAfterMilliseconds { get; init; }
}
