using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// An <see cref="HttpMessageHandler"/> to put under the SDK's <see cref="HttpClient"/> when it talks to
/// <see cref="PrismServer"/>: it records every exchange and every problem Prism generated, so a test can call the
/// SDK normally (which may turn a 422 into an exception) and then assert <see cref="AssertNoViolations"/>.
/// Only Prism's problem bodies are buffered; other responses stream through untouched.
/// </summary>
/// <example>
/// <code>
/// using var recorder = new PrismRecordingHandler();
/// using var http = new HttpClient(recorder);
/// // ... SDK configured with http and endpoint prism.OpenAIBaseUri, then one SDK call ...
/// recorder.AssertNoViolations();
/// </code>
/// </example>
public sealed class PrismRecordingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<PrismExchange> _exchanges = new();

    /// <summary>Sends over a fresh <see cref="SocketsHttpHandler"/> without proxy.</summary>
    public PrismRecordingHandler()
        : base(new SocketsHttpHandler { UseProxy = false })
    {
    }

    /// <summary>Sends over <paramref name="innerHandler"/>.</summary>
    public PrismRecordingHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <summary>Every request sent so far, in order, with Prism's problem if it generated one.</summary>
    public IReadOnlyList<PrismExchange> Exchanges => [.. _exchanges];

    /// <summary>The problems Prism generated so far.</summary>
    public IReadOnlyList<PrismProblem> Problems => [.. _exchanges.Select(e => e.Problem).OfType<PrismProblem>()];

    /// <summary>Fails when any request so far broke the spec, listing each such request with its violations.</summary>
    public void AssertNoViolations()
    {
        var rejected = _exchanges.Where(e => e.Problem is not null).ToList();
        if (rejected.Count == 0)
        {
            return;
        }

        var message = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"Prism rejected {rejected.Count} of {_exchanges.Count} request(s):");
        foreach (var exchange in rejected)
        {
            message.AppendLine(CultureInfo.InvariantCulture, $"{exchange.Method} {exchange.PathAndQuery} -> {exchange.Problem!.Describe()}");
        }

        Assert.Fail(message.ToString());
    }

    /// <summary>Forgets what was recorded.</summary>
    public void Clear() => _exchanges.Clear();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        PrismProblem? problem = null;
        if (PrismAssert.IsProblemJson(response.Content.Headers.ContentType))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            _ = PrismProblem.TryParse(body, out problem);
        }

        _exchanges.Enqueue(new PrismExchange(request.Method.Method, request.RequestUri?.PathAndQuery ?? "", (int)response.StatusCode, problem));
        return response;
    }
}

/// <summary>One request sent through <see cref="PrismRecordingHandler"/>.</summary>
public sealed record PrismExchange(string Method, string PathAndQuery, int Status, PrismProblem? Problem);
