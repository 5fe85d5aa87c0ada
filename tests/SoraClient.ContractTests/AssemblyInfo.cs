// The contract tests share one WireMock and one Prism: never run two tests at once, even from different
// collections (every test class should derive from Harness.ContractTest anyway).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
