using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SoraClient.Tests.Support;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (one answer per connection, then close), for tests where a real socket
/// matters. Records every request line it receives.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, (int Status, string Headers, byte[] Body)> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer(Func<string, (int Status, string Headers, byte[] Body)> respond)
    {
        _respond = respond;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public ConcurrentQueue<string> RequestLines { get; } = new();

    /// <summary>Gets the head (request line and headers) of every request.</summary>
    public ConcurrentQueue<string> RequestHeads { get; } = new();

    public static (int, string, byte[]) Video(byte[] body) => (200, "Content-Type: video/mp4\r\n", body);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
                head.Append((char)buffer[0]);
            }

            var line = head.ToString().Split("\r\n")[0];
            RequestHeads.Enqueue(head.ToString());
            RequestLines.Enqueue(line);
            var (status, headers, body) = _respond(line);
            var response = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\n{headers}Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(response, _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
        }
    }
}

/// <summary>
/// Test HTTP clients that can never send a packet off loopback: their <see cref="SocketsHttpHandler.ConnectCallback"/>
/// records every connection attempt and refuses any address that is not a loopback literal or <c>localhost</c>
/// (names are never resolved, so not even a DNS query leaves the machine).
/// </summary>
public static class LoopbackOnly
{
    public static HttpClient CreateClient(ConcurrentQueue<string> attempts) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var target = context.DnsEndPoint;
                attempts.Enqueue($"{target.Host}:{target.Port}");
                var address = string.Equals(target.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                    : IPAddress.TryParse(target.Host, out var literal) && IPAddress.IsLoopback(literal) ? literal
                    : throw new HttpRequestException($"test guard: refused to connect to {target.Host}:{target.Port} (not loopback)");
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, target.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { Timeout = Timeout.InfiniteTimeSpan };
}
