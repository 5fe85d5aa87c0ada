using WireMock.Server;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// Base class of the contract tests: each test gets its own in-process WireMock.Net server on 127.0.0.1
/// (<see cref="ContractWireMock.Start"/>), stopped when the test ends, so tests run in parallel. A test class that also
/// talks to Prism joins <c>[Collection(SharedPrism.Name)]</c> and passes its <see cref="PrismFixture"/>: a test
/// during which Prism crashed then fails with Prism's output, and Prism is restarted (same port) before the next test.
/// </summary>
/// <example>
/// <code>
/// public sealed class CreateVideoContractTests : ContractTest
/// {
///     [Fact]
///     public void Sends_the_prompt()
///     {
///         WireMock.Given(WireMockStubs.On("POST", "/v1/videos")).RespondWith(WireMockStubs.Json(200, VideoJson));
///         // ... SDK with endpoint WireMock.Url("v1") ...
///         var sent = Assert.Single(WireMock.Requests("POST", "/v1/videos"));
///         Assert.Equal("a cat", sent.BodyJson()!["prompt"]!.GetValue&lt;string&gt;());
///     }
/// }
/// </code>
/// </example>
public abstract class ContractTest : IAsyncLifetime
{
    private readonly PrismFixture? _prism;

    protected ContractTest(PrismFixture? prism = null)
    {
        _prism = prism;
        WireMock = ContractWireMock.Start();
    }

    /// <summary>This test's own stub server.</summary>
    protected WireMockServer WireMock { get; }

    protected PrismServer Prism => _prism?.Prism
        ?? throw new InvalidOperationException($"{GetType().Name} does not use Prism: take a {nameof(PrismFixture)} and join [Collection(SharedPrism.Name)].");

    /// <summary>Restarts a Prism that crashed in an earlier test. Override to add set-up, calling the base first.</summary>
    public virtual async Task InitializeAsync()
    {
        if (_prism is not null)
        {
            await Prism.EnsureRunningAsync();
        }
    }

    /// <summary>Stops the stub server; fails the test if Prism died during it. Override to add clean-up, calling the base last.</summary>
    public virtual Task DisposeAsync()
    {
        WireMock.Stop();
        WireMock.Dispose();
        if (_prism is not null && !Prism.IsRunning)
        {
            throw new InvalidOperationException(
                "Prism crashed during this test, most likely on a request it could not parse (for example a multipart part whose " +
                "filename is not in double quotes). It will be restarted for the next test. Its output:" +
                Environment.NewLine + Prism.RecentOutput);
        }

        return Task.CompletedTask;
    }
}
