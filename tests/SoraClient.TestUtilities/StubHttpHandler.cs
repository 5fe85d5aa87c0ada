using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace SoraClient.Testing;

/// <summary>
/// A route table of canned responses (method + path → responses in order, the last one repeating) that records
/// every request with its buffered body. An unmatched request fails the test.
/// </summary>
public sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<Route> _routes = [];

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IEnumerable<RecordedRequest> RequestsTo(HttpMethod method, string path) =>
        Requests.Where(r => r.Method == method && r.Uri.AbsolutePath == path);

    /// <summary>Answers requests to <paramref name="path"/> with <paramref name="responses"/> in order; the last one repeats.</summary>
    public StubHttpHandler On(HttpMethod method, string path, params Func<HttpRequestMessage, HttpResponseMessage>[] responses)
    {
        lock (_routes)
        {
            _routes.Add(new Route(method, path, new Queue<Func<HttpRequestMessage, HttpResponseMessage>>(responses)));
        }

        return this;
    }

    public StubHttpHandler OnJson(HttpMethod method, string path, int status, string json, params (string Name, string Value)[] headers) =>
        On(method, path, _ => Json(status, json, headers));

    public HttpClient CreateClient() => new(this) { Timeout = Timeout.InfiniteTimeSpan };

    public static HttpResponseMessage Json(int status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, headers, body, request.Content?.Headers.ContentType?.ToString()));

        Func<HttpRequestMessage, HttpResponseMessage> respond;
        lock (_routes)
        {
            var route = _routes.LastOrDefault(r => r.Method == request.Method && r.Path == request.RequestUri!.AbsolutePath)
                ?? throw new InvalidOperationException($"No stub for {request.Method} {request.RequestUri}");
            respond = route.Responses.Count > 1 ? route.Responses.Dequeue() : route.Responses.Peek();
        }

        cancellationToken.ThrowIfCancellationRequested();
        var response = respond(request);
        response.RequestMessage ??= request;
        return response;
    }

    private sealed record Route(HttpMethod Method, string Path, Queue<Func<HttpRequestMessage, HttpResponseMessage>> Responses);
}
