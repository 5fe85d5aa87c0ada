namespace SoraClient.Emulator;

/// <summary>A callback the emulator POSTed to a job's <c>callback_url</c>, as recorded in <see cref="SoraEmulator.Callbacks"/>.</summary>
public sealed record EmulatorCallback
{
    /// <summary>Gets the protocol of the job (see <see cref="EmulatorProtocols"/>).</summary>
    public required string Protocol { get; init; }

    /// <summary>Gets the job's id.</summary>
    public required string JobId { get; init; }

    /// <summary>Gets the URL the callback was POSTed to.</summary>
    public required Uri Url { get; init; }

    /// <summary>Gets the JSON body that was sent.</summary>
    public required string Body { get; init; }

    /// <summary>Gets the status code the receiver answered with, or <see langword="null"/> when the POST failed (see <see cref="Error"/>).</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets why the POST failed (no connection, timeout), or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Gets when the job ended and the callback was sent, on the emulator's clock.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
