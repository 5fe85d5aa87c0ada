namespace SoraClient.ContractTests.Harness;

/// <summary>
/// The xunit collection fixture that holds the Prism shared by the tests of <see cref="SharedPrism"/>, started on
/// first use and killed when the test process exits. A Prism that cannot start fails every test of the collection with
/// the reason (missing Node.js, timeout with its stderr, ...).
/// </summary>
public sealed class PrismFixture : IAsyncLifetime
{
    private PrismServer? _prism;

    public PrismServer Prism => _prism ?? throw new InvalidOperationException("Prism is not started yet.");

    public async Task InitializeAsync() => _prism = await PrismServer.GetSharedAsync();

    /// <summary>Does nothing: Prism lives until the test process exits.</summary>
    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The tests that talk to the shared Prism: they run one at a time (one may crash Prism on purpose), in parallel with
/// the other contract tests, which each have their own WireMock.Net server.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedPrism : ICollectionFixture<PrismFixture>
{
    public const string Name = "Prism (shared)";
}
