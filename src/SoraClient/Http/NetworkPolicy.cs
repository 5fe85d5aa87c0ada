using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace SoraClient.Http;

/// <summary>
/// Where requests may go: links a gateway hands out must not lead into the caller's own network (loopback, link-local
/// and cloud metadata, private ranges), and a client whose handler follows redirects itself hides where they lead.
/// </summary>
internal static class NetworkPolicy
{
    /// <summary>Whether <paramref name="uri"/> names an internal host: <c>localhost</c>, a metadata name, or an internal address literal.</summary>
    public static bool IsInternal(Uri uri) =>
        IsLoopbackName(uri.Host)
        || uri.Host.Equals("metadata.google.internal", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IsInternal(address));

    /// <summary>Whether <paramref name="address"/> is loopback, unspecified, link-local, private, shared (CGNAT), unique-local or multicast.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] is 0 or 10 or 127 or >= 224
            || (b[0] == 169 && b[1] == 254) // link-local, where cloud metadata lives (169.254.169.254)
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] is >= 64 and <= 127); // shared address space
    }

    /// <summary>Whether two addresses are the same host: same port, and the same name or both a name of this machine (<c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>).</summary>
    public static bool IsSameHost(Uri uri, Uri other) =>
        uri.Port == other.Port
        && (uri.Host.Equals(other.Host, StringComparison.OrdinalIgnoreCase) || (IsLoopbackName(uri.Host) && IsLoopbackName(other.Host)));

    /// <summary>
    /// Whether the client's handler is known to follow redirects itself (<c>AllowAutoRedirect</c>, the default of
    /// <c>new HttpClient()</c>); <see langword="false"/> when it does not, or when its handler cannot be inspected.
    /// </summary>
    public static bool FollowsRedirects(HttpClient client)
    {
        HttpMessageHandler? handler;
        try
        {
            handler = HandlerOf(client);
        }
        catch (MissingFieldException)
        {
            return false; // another runtime's HttpClient: cannot tell
        }

        while (handler is DelegatingHandler { InnerHandler: { } inner })
        {
            handler = inner;
        }

        return handler switch
        {
            SocketsHttpHandler sockets => sockets.AllowAutoRedirect,
            HttpClientHandler classic => classic.AllowAutoRedirect,
            _ => false,
        };
    }

    private static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_handler")]
    private static extern ref HttpMessageHandler HandlerOf(HttpMessageInvoker invoker);
}
