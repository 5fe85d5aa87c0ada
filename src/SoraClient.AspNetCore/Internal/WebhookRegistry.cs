namespace SoraClient.AspNetCore.Internal;

/// <summary>The registrations that have webhooks configured: the endpoint answers 404 for any other name.</summary>
internal sealed class WebhookRegistry
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _names;

    public void Add(string name) => _names.Add(name);

    public bool Contains(string name) => _names.Contains(name);
}
