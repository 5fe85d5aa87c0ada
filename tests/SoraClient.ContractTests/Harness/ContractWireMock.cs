using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace SoraClient.ContractTests.Harness;

/// <summary>What the connection does instead of carrying a normal response (see <see cref="ContractWireMock.WithNetworkFault"/>).</summary>
public enum NetworkFault
{
    /// <summary>The connection is reset (TCP RST) before any byte of the response.</summary>
    ConnectionResetByPeer,

    /// <summary>The connection is closed (FIN) without a byte of the response.</summary>
    EmptyResponse,

    /// <summary><c>200</c> with <c>Transfer-Encoding: chunked</c>, then an invalid chunk, then the connection is closed.</summary>
    MalformedResponseChunk,

    /// <summary>Random bytes instead of an HTTP response, then the connection is closed.</summary>
    RandomDataThenClose,

    /// <summary>
    /// The stub's status and headers with <c>Transfer-Encoding: chunked</c> (no length), then the stub's body (or filler) repeated
    /// in chunks that never end, until the client goes away (at most 256 MiB).
    /// </summary>
    EndlessBody,

    /// <summary>
    /// No byte of answer until the client gives up and closes the connection (at most 60 s). Unlike <c>WithDelay</c>, the
    /// request is logged and a scenario has moved on before the wait, so a retry gets the next answer at once.
    /// </summary>
    NoAnswer,
}

/// <summary>
/// Starts the in-process WireMock.Net server of a contract test on 127.0.0.1, and adds the transport-level behaviours
/// WireMock.Net 1.25 lacks. Its own faults act on the body only (<c>EMPTY_RESPONSE</c> is a normal response with an empty
/// body, <c>MALFORMED_RESPONSE_CHUNK</c> half the body plus random bytes with a matching length), it always sends the
/// <c>Content-Length</c> of the body it has, and it has no slow body. A stub asks for one of these with a marker header
/// (<see cref="WithNetworkFault"/>, <see cref="WithBodyCutShort"/>, <see cref="WithChunkedDribbleDelay"/>), and a middleware
/// in front of WireMock.Net writes that response straight to the socket. Every response is held back until WireMock.Net has
/// finished, so a request is in <see cref="WireMockServer.LogEntries"/> before the client sees a byte of its answer.
/// </summary>
public static class ContractWireMock
{
    private const string FaultHeader = "X-Contract-Fault";
    private const string PromisedLengthHeader = "X-Contract-Promised-Length";
    private const string DribbleHeader = "X-Contract-Dribble";

    private static readonly ConditionalWeakTable<WireMockServer, ConcurrentQueue<string>> s_arrivals = [];

    /// <summary>Starts a server on a free 127.0.0.1 port.</summary>
    public static WireMockServer Start()
    {
        var arrivals = new ConcurrentQueue<string>();
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = ["http://127.0.0.1:0"],
            StartAdminInterface = false,
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use((context, next) =>
            {
                arrivals.Enqueue($"{context.Request.Method} {context.Request.Path}");
                return HoldAndShapeResponseAsync(context, next);
            }),
        });
        s_arrivals.Add(server, arrivals);
        return server;
    }

    /// <summary>
    /// How many requests with this method and path have arrived, including those whose answer is still held back
    /// (<c>WithDelay</c>): WireMock.Net adds a request to its log only once it has answered.
    /// </summary>
    public static int Arrivals(this WireMockServer server, string method, string path) =>
        s_arrivals.TryGetValue(server, out var arrivals) ? arrivals.Count(a => a == $"{method.ToUpperInvariant()} {path}") : 0;

    /// <summary>The server's address with a trailing slash, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public static Uri BaseUri(this WireMockServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new Uri(server.Url!.TrimEnd('/') + "/");
    }

    /// <summary>An absolute URL on the server: <c>Url("v1")</c> is <c>http://127.0.0.1:P/v1</c>.</summary>
    public static Uri Url(this WireMockServer server, string relative) => new(server.BaseUri(), relative.TrimStart('/'));

    /// <summary>The same server under the name <c>localhost</c>: another origin for the client (a CDN, say).</summary>
    public static Uri OtherHostUrl(this WireMockServer server, string pathAndQuery) =>
        new($"http://localhost:{server.BaseUri().Port.ToString(CultureInfo.InvariantCulture)}{pathAndQuery}");

    /// <summary>Answers with a network fault instead of the response.</summary>
    public static IResponseBuilder WithNetworkFault(this IResponseBuilder response, NetworkFault fault)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.WithHeader(FaultHeader, fault.ToString());
    }

    /// <summary>
    /// Sends the status, the headers with <c>Content-Length: <paramref name="promisedLength"/></c> and the (shorter) body,
    /// then closes the connection: the client reads the body, then gets <see cref="HttpIOException"/>
    /// (<see cref="HttpRequestError.ResponseEnded"/>).
    /// </summary>
    public static IResponseBuilder WithBodyCutShort(this IResponseBuilder response, long promisedLength)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.WithHeader(PromisedLengthHeader, promisedLength.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Sends the body in <paramref name="chunks"/> pieces over <paramref name="totalDuration"/> (real time): waits
    /// total/chunks before each piece, the first included, and the status line and headers go out with the first piece.
    /// </summary>
    public static IResponseBuilder WithChunkedDribbleDelay(this IResponseBuilder response, int chunks, TimeSpan totalDuration)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunks, 1);
        return response.WithHeader(DribbleHeader, string.Create(CultureInfo.InvariantCulture, $"{chunks};{(long)totalDuration.TotalMilliseconds}"));
    }

    private static async Task HoldAndShapeResponseAsync(HttpContext context, Func<Task> next)
    {
        var bodyFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var body = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        try
        {
            await next();
        }
        finally
        {
            context.Features.Set(bodyFeature);
        }

        var headers = context.Response.Headers;
        var fault = Take(headers, FaultHeader);
        var promised = Take(headers, PromisedLengthHeader);
        var dribble = Take(headers, DribbleHeader);
        if (fault is null && promised is null && dribble is null)
        {
            context.Response.ContentLength = body.Length;
            body.Position = 0;
            await body.CopyToAsync(context.Response.Body, context.RequestAborted);
            return;
        }

        // WireMock.Net has not written a byte (the body went to the buffer), so the socket is ours until it is closed
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket
            ?? throw new InvalidOperationException("The contract server's transport does not expose its socket.");
        try
        {
            await WriteRawAsync(socket, context.Response, body.ToArray(), fault, promised, dribble, context.RequestAborted);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the client went away first (a test that gave up on a slow body): nothing left to do
        }
        finally
        {
            socket.Dispose();
            context.Abort();
        }
    }

    private static async Task WriteRawAsync(
        Socket socket, HttpResponse response, byte[] body, string? fault, string? promised, string? dribble, CancellationToken cancellationToken)
    {
        switch (fault is null ? (NetworkFault?)null : Enum.Parse<NetworkFault>(fault))
        {
            case NetworkFault.ConnectionResetByPeer:
                socket.LingerState = new LingerOption(true, 0); // closing now sends RST
                return;
            case NetworkFault.EmptyResponse:
                socket.Shutdown(SocketShutdown.Both);
                return;
            case NetworkFault.MalformedResponseChunk:
                await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nlskdu018973t09sylgasjkfg1][]'./.sdlv"), cancellationToken);
                socket.Shutdown(SocketShutdown.Both);
                return;
            case NetworkFault.RandomDataThenClose:
                var noise = new byte[64];
#pragma warning disable CA5394 // not for security: any bytes that are not HTTP
                new Random(42).NextBytes(noise);
#pragma warning restore CA5394
                noise[0] = 0xFF; // never "HTTP/..."
                await socket.SendAsync(noise, cancellationToken);
                socket.Shutdown(SocketShutdown.Both);
                return;
            case NetworkFault.NoAnswer:
                await Task.Delay(TimeSpan.FromSeconds(60), cancellationToken); // cancelled when the client closes the connection
                return;
            case NetworkFault.EndlessBody:
                await socket.SendAsync(Head(response, "Transfer-Encoding: chunked"), cancellationToken);
                // the body repeated to at least 16 KiB per chunk (filler when it is empty), so that a fast reader is not held up by tiny writes
                var piece = body.Length > 0 ? Enumerable.Repeat(body, (16 * 1024 / body.Length) + 1).SelectMany(b => b).ToArray() : Encoding.ASCII.GetBytes(new string(' ', 16 * 1024));
                var chunk = Encoding.ASCII.GetBytes(piece.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n").Concat(piece).Concat("\r\n"u8.ToArray()).ToArray();
                for (long sent = 0; sent < 256L * 1024 * 1024; sent += piece.Length)
                {
                    await socket.SendAsync(chunk, cancellationToken); // throws once the client has closed the connection
                }

                socket.Shutdown(SocketShutdown.Both);
                return;
        }

        var headBytes = Head(response, $"Content-Length: {promised ?? body.Length.ToString(CultureInfo.InvariantCulture)}");
        if (dribble is null)
        {
            await socket.SendAsync(headBytes, cancellationToken);
            await socket.SendAsync(body, cancellationToken);
        }
        else
        {
            var parts = dribble.Split(';');
            var chunks = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var pause = TimeSpan.FromMilliseconds(double.Parse(parts[1], CultureInfo.InvariantCulture) / chunks);
            for (var i = 0; i < chunks; i++)
            {
                await Task.Delay(pause, cancellationToken);
                if (i == 0)
                {
                    await socket.SendAsync(headBytes, cancellationToken);
                }

                var start = body.Length * i / chunks;
                await socket.SendAsync(body.AsMemory(start, (body.Length * (i + 1) / chunks) - start), cancellationToken);
            }
        }

        socket.Shutdown(SocketShutdown.Both);
    }

    /// <summary>The status line and the stub's headers, with this framing header and <c>Connection: close</c>.</summary>
    private static byte[] Head(HttpResponse response, string framing)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.StatusCode} {ReasonPhrases.GetReasonPhrase(response.StatusCode)}\r\n");
        foreach (var (name, values) in response.Headers.Where(h => !IsFraming(h.Key)))
        {
            foreach (var value in values)
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }

        head.Append(CultureInfo.InvariantCulture, $"{framing}\r\nConnection: close\r\n\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    private static bool IsFraming(string header) =>
        header.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Connection", StringComparison.OrdinalIgnoreCase);

    private static string? Take(IHeaderDictionary headers, string name) =>
        headers.Remove(name, out var value) ? value.ToString() : null;
}
