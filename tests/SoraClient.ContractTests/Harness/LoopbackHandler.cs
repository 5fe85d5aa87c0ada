using System.Net;
using System.Net.Sockets;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// A <see cref="SocketsHttpHandler"/> that can never send a packet off loopback: its <see cref="SocketsHttpHandler.ConnectCallback"/>
/// refuses any host that is not a loopback literal or <c>localhost</c> (names are never resolved). It can also refuse the
/// next connections on demand (<see cref="ConnectionRefusals"/>), as a gateway that is down does: the request is never written.
/// </summary>
public static class LoopbackHandler
{
    /// <summary>Creates the handler. <paramref name="refusals"/>, when given, is consulted before each connection.</summary>
    public static SocketsHttpHandler Create(ConnectionRefusals? refusals = null) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var target = context.DnsEndPoint;
            var address = string.Equals(target.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : IPAddress.TryParse(target.Host, out var literal) && IPAddress.IsLoopback(literal) ? literal
                : throw new HttpRequestException($"test guard: refused to connect to {target.Host}:{target.Port} (not loopback)");
            if (refusals?.TakeOne() == true)
            {
                throw new SocketException((int)SocketError.ConnectionRefused);
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
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
    };
}

/// <summary>How many of the next connections <see cref="LoopbackHandler"/> refuses.</summary>
public sealed class ConnectionRefusals
{
    private int _remaining;

    /// <summary>Refuses the next <paramref name="count"/> connection attempts.</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref _remaining, count);

    internal bool TakeOne()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }
}
