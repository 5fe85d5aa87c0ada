namespace SoraClient.ContractTests.Harness;

/// <summary>
/// The network faults WireMock 3 can answer with (<c>"response": {"fault": "..."}</c>) and what a .NET
/// <see cref="HttpClient"/> sees for each (checked by the harness smoke tests).
/// </summary>
public enum WireMockFault
{
    /// <summary>The connection is reset (TCP RST) before any response: <see cref="HttpRequestException"/>.</summary>
    ConnectionResetByPeer,

    /// <summary>The connection is closed without a response: <see cref="HttpRequestException"/>.</summary>
    EmptyResponse,

    /// <summary>A 200 status line and headers, then an invalid chunk, then close: the body read fails.</summary>
    MalformedResponseChunk,

    /// <summary>Random bytes instead of an HTTP response, then close: <see cref="HttpRequestException"/>.</summary>
    RandomDataThenClose,
}

internal static class WireMockFaultExtensions
{
    public static string ToWireName(this WireMockFault fault) => fault switch
    {
        WireMockFault.ConnectionResetByPeer => "CONNECTION_RESET_BY_PEER",
        WireMockFault.EmptyResponse => "EMPTY_RESPONSE",
        WireMockFault.MalformedResponseChunk => "MALFORMED_RESPONSE_CHUNK",
        WireMockFault.RandomDataThenClose => "RANDOM_DATA_THEN_CLOSE",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };
}
