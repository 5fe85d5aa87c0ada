namespace SoraClient.ContractTests.Harness;

/// <summary>
/// Base class of every contract test: joins <see cref="ContractTestCollectionDefinition"/> (sequential, shared
/// servers) and resets WireMock (mappings, scenarios, body files, request journal) before each test. A test during
/// which Prism crashed fails with Prism's output, and Prism is restarted (same port) before the next test.
/// </summary>
/// <example>
/// <code>
/// public sealed class CreateVideoContractTests(ContractServers servers) : ContractTest(servers)
/// {
///     [Fact]
///     public async Task Sends_the_prompt()
///     {
///         await Admin.StubJsonAsync("POST", "/v1/videos", 200, VideoJson);
///         // ... SDK with endpoint WireMock.Url("v1") ...
///         var sent = Assert.Single(await Admin.FindRequestsAsync("POST", "/v1/videos"));
///         Assert.Equal("a cat", sent.BodyAsJson()!["prompt"]!.GetValue&lt;string&gt;());
///     }
/// }
/// </code>
/// </example>
[Collection(ContractTestCollectionDefinition.Name)]
public abstract class ContractTest : IAsyncLifetime
{
    protected ContractTest(ContractServers servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        Servers = servers;
    }

    protected ContractServers Servers { get; }

    protected WireMockServer WireMock => Servers.WireMock;

    protected WireMockAdmin Admin => Servers.WireMock.Admin;

    protected PrismServer Prism => Servers.Prism;

    /// <summary>Checks that the servers are alive (restarting a crashed Prism) and resets WireMock. Override to add set-up, calling the base first.</summary>
    public virtual async Task InitializeAsync()
    {
        if (!WireMock.IsRunning)
        {
            throw new InvalidOperationException($"The shared WireMock has died; no contract test can run.{Environment.NewLine}{WireMock.RecentOutput}");
        }

        await Prism.EnsureRunningAsync();
        await Admin.ResetAsync();
    }

    /// <summary>Fails the test if Prism died during it. Override to add clean-up, calling the base last.</summary>
    public virtual Task DisposeAsync()
    {
        if (!Prism.IsRunning)
        {
            throw new InvalidOperationException(
                "Prism crashed during this test, most likely on a request it could not parse (for example a multipart part whose " +
                "filename is not in double quotes). It will be restarted for the next test. Its output:" +
                Environment.NewLine + Prism.RecentOutput);
        }

        return Task.CompletedTask;
    }
}
