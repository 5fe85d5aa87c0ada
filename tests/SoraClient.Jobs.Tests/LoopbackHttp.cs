using System.Net;
using System.Net.Sockets;

namespace SoraClient.Jobs.Tests;

/// <summary>HTTP handlers for tests that refuse to connect anywhere but loopback.</summary>
public static class LoopbackHttp
{
    public static SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var address = addresses.FirstOrDefault(IPAddress.IsLoopback)
                ?? throw new HttpRequestException($"Tests may only connect to loopback, not {context.DnsEndPoint.Host}.");
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static HttpClient CreateClient() => new(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
}
