using System.Net;
using System.Net.Sockets;

namespace SoraClient.AspNetCore.Tests.Support;

/// <summary>An HTTP handler that refuses to connect anywhere but loopback: tests never send traffic off the machine.</summary>
internal static class LoopbackOnly
{
    public static SocketsHttpHandler Handler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            if (addresses.Length == 0 || !addresses.All(IPAddress.IsLoopback))
            {
                throw new HttpRequestException($"Test traffic may only go to loopback, not {context.DnsEndPoint.Host}.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(addresses[0], context.DnsEndPoint.Port), cancellationToken);
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
