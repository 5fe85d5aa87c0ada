using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SoraClient.Emulator.Protocols;

namespace SoraClient.Emulator.Hosting;

/// <summary>
/// First in the pipeline: gives every response an <c>x-request-id</c>, finds the protocol from the path prefix,
/// and records and logs the request once it is answered.
/// </summary>
internal sealed class RequestTrackingMiddleware(
    IReadOnlyList<IEmulatorProtocol> protocols, EmulatorRequestLog log, TimeProvider time, ILogger logger)
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which the fault middleware leaves the applied fault.</summary>
    public static readonly object FaultKey = new();

    /// <summary>The <see cref="HttpContext.Items"/> key by which the fault middleware asks for the connection to be dropped.</summary>
    public static readonly object DropConnectionKey = new();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var timestamp = time.GetUtcNow();
        var requestId = "req_" + EmulatorHttp.RandomHex(16);
        context.Response.Headers["x-request-id"] = requestId;

        var request = context.Request;
        ProtocolRequest? routed = null;
        foreach (var protocol in protocols)
        {
            if (request.Path.StartsWithSegments(protocol.Prefix, StringComparison.OrdinalIgnoreCase, out var remaining))
            {
                routed = new ProtocolRequest(protocol, request.Method, remaining.HasValue ? remaining.Value! : "/");
                context.Features.Set(routed);
                break;
            }
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var fault = context.Items.TryGetValue(FaultKey, out var item) ? item as EmulatorFault : null;
            var drop = context.Items.ContainsKey(DropConnectionKey);
            var aborted = drop || context.RequestAborted.IsCancellationRequested;
            log.Add(new EmulatorRequest
            {
                Protocol = routed?.Protocol.Name,
                Method = request.Method,
                Path = routed?.Path ?? request.Path.Value ?? "/",
                Query = request.QueryString.Value ?? string.Empty,
                Headers = RedactedHeaders(request.Headers),
                RequestId = requestId,
                StatusCode = context.Response.StatusCode,
                Aborted = aborted,
                Timestamp = timestamp,
                Fault = fault?.Kind,
            });

            var outcome = aborted ? " (connection closed)" : fault is null ? string.Empty : $" ({fault.Kind})";
            EmulatorLog.RequestHandled(logger, request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, context.Response.StatusCode, outcome);
            if (drop)
            {
                context.Abort(); // only now: the request is in the log before the client can see the drop
            }
        }
    }

    private static Dictionary<string, string> RedactedHeaders(IHeaderDictionary headers)
    {
        var copy = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            copy[name] = name.ToUpperInvariant() switch
            {
                "AUTHORIZATION" => value.ToString().Split(' ', 2) is [var scheme, _] ? scheme + " ***" : "***",
                "API-KEY" => "***",
                _ => value.ToString(),
            };
        }

        return copy;
    }
}
