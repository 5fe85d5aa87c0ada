using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using SoraClient.Emulator.Hosting;

namespace SoraClient.Emulator.Faults;

/// <summary>Applies the first matching request fault, before the protocol's endpoint runs.</summary>
internal sealed class FaultMiddleware(EmulatorFaults faults, TimeProvider time, ILogger logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<ProtocolRequest>() is not { } request
            || faults.TakeRequestFault(request.Protocol.Name, request.Method, request.Path) is not { } fault)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Items[RequestTrackingMiddleware.FaultKey] = fault;
        EmulatorLog.FaultInjected(logger, fault, request.Method, context.Request.Path.Value ?? "/");
        switch (fault.Kind)
        {
            case EmulatorFaultKind.RateLimit or EmulatorFaultKind.InsufficientBalance or EmulatorFaultKind.ServerError:
                if (fault.RetryAfter is { } retryAfter)
                {
                    var headers = context.Response.Headers;
                    headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    headers["retry-after-ms"] = ((long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
                }

                await request.Protocol.WriteFaultAsync(context, fault).ConfigureAwait(false);
                break;

            case EmulatorFaultKind.Delay:
                try
                {
                    await Task.Delay(fault.Delay, time, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                {
                    return; // the client gave up while we were waiting
                }

                await next(context).ConfigureAwait(false);
                break;

            case EmulatorFaultKind.DropConnection:
                // Dropped by the request tracking once the request is in the log, so a client that saw the drop finds it there.
                context.Items[RequestTrackingMiddleware.DropConnectionKey] = true;
                break;

            case EmulatorFaultKind.TruncateBody:
                await TruncateAsync(context, next, fault.AfterBytes).ConfigureAwait(false);
                break;

            default:
                await next(context).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// Runs the endpoint with a response body that lets <paramref name="afterBytes"/> bytes through and swallows the rest.
    /// The headers already announce the full <c>Content-Length</c>; when the endpoint finishes having written fewer bytes,
    /// Kestrel closes the connection after sending what it has, so the client sees the body end early. (Aborting the
    /// connection ourselves would race with sending the bytes already written and lose them.)
    /// </summary>
    private static async Task TruncateAsync(HttpContext context, RequestDelegate next, long afterBytes)
    {
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new TruncatingStream(original.Stream, afterBytes), original));
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(original);
        }
    }
}
