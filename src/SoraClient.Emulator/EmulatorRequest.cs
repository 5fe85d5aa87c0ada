namespace SoraClient.Emulator;

/// <summary>A request the emulator received, as recorded in <see cref="SoraEmulator.Requests"/>.</summary>
public sealed record EmulatorRequest
{
    /// <summary>Gets the protocol the request was for (see <see cref="EmulatorProtocols"/>), or <see langword="null"/> outside every protocol.</summary>
    public string? Protocol { get; init; }

    /// <summary>Gets the HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the path relative to the protocol's prefix (e.g. <c>/videos/video_1</c>), or the full path outside every protocol.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the query string, with its leading <c>?</c>, or an empty string.</summary>
    public required string Query { get; init; }

    /// <summary>Gets the request headers; the values of <c>Authorization</c> and <c>api-key</c> are redacted.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Gets the <c>x-request-id</c> the emulator answered with.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the HTTP status code of the answer (meaningless when <see cref="Aborted"/>).</summary>
    public required int StatusCode { get; init; }

    /// <summary>Gets a value indicating whether the connection was closed before the answer was complete.</summary>
    public required bool Aborted { get; init; }

    /// <summary>Gets when the request arrived, on the emulator's clock.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the fault applied to the request, if any.</summary>
    public EmulatorFaultKind? Fault { get; init; }
}
