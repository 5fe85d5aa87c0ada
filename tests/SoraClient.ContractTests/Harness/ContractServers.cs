namespace SoraClient.ContractTests.Harness;

/// <summary>
/// The xunit collection fixture that holds the servers shared by every contract test: <see cref="WireMock"/> and
/// <see cref="Prism"/>, started in parallel on first use and killed when the test process exits. A server that
/// cannot start fails every test of the collection with the reason (missing Java, timeout with its stderr, ...).
/// </summary>
public sealed class ContractServers : IAsyncLifetime
{
    private WireMockServer? _wireMock;
    private PrismServer? _prism;

    public WireMockServer WireMock => _wireMock ?? throw new InvalidOperationException("The contract servers are not started yet.");

    public PrismServer Prism => _prism ?? throw new InvalidOperationException("The contract servers are not started yet.");

    public async Task InitializeAsync()
    {
        var wireMock = WireMockServer.GetSharedAsync();
        var prism = PrismServer.GetSharedAsync();
        var both = Task.WhenAll(wireMock, prism);
        await both.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (both.Exception is { } failure)
        {
            throw failure.InnerExceptions.Count == 1 ? failure.InnerExceptions[0] : failure;
        }

        _wireMock = await wireMock;
        _prism = await prism;
    }

    /// <summary>Does nothing: the servers live until the test process exits, whichever collection used them.</summary>
    public Task DisposeAsync() => Task.CompletedTask;
}
