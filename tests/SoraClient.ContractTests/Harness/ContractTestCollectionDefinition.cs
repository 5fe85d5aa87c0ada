namespace SoraClient.ContractTests.Harness;

/// <summary>
/// The one xunit collection of the contract tests: its tests run one at a time against the shared servers.
/// Derive from <see cref="ContractTest"/> (which carries <c>[Collection(ContractTestCollectionDefinition.Name)]</c>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ContractTestCollectionDefinition : ICollectionFixture<ContractServers>
{
    public const string Name = "Contract tests (shared WireMock and Prism)";
}
