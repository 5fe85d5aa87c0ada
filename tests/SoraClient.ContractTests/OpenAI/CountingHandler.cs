namespace SoraClient.ContractTests.OpenAI;

/// <summary>Counts the requests sent through it, by method and path.</summary>
public sealed class CountingHandler(HttpMessageHandler innerHandler) : DelegatingHandler(innerHandler)
{
    private readonly List<string> _requests = [];

    /// <summary>Each request as <c>METHOD /path?query</c>, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public int Count(string method, string path) => Requests.Count(r => r == $"{method} {path}" || r.StartsWith($"{method} {path}?", StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add($"{request.Method.Method} {request.RequestUri?.PathAndQuery}");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
