namespace SoraClient.IntegrationTests.Reliability;

/// <summary>Runs the soak after every parallel test, with nothing else running beside it.</summary>
[CollectionDefinition(SoakTests.Name, DisableParallelization = true)]
public sealed class SoakGroup;
