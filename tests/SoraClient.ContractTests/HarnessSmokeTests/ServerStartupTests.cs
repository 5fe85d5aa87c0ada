using System.Globalization;
using System.Text.RegularExpressions;
using SoraClient.ContractTests.Harness;
using Xunit.Abstractions;

namespace SoraClient.ContractTests.HarnessSmokeTests;

/// <summary>The shared Prism runs the pinned version on loopback, once per test run, and reports how long it took to start; each test's WireMock.Net is on loopback too.</summary>
[Collection(SharedPrism.Name)]
public sealed class ServerStartupTests(PrismFixture prism, ITestOutputHelper output) : ContractTest(prism)
{
    [Fact]
    public async Task Both_servers_run_on_loopback_and_Prism_runs_the_pinned_version_once_per_run()
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Prism {Prism.Version} at {Prism.BaseUri} started in {Prism.StartupTime.TotalMilliseconds:0} ms; WireMock.Net at {WireMock.BaseUri()}"));

        Assert.Equal("5.14.2", Prism.Version);
        Assert.Equal("127.0.0.1", WireMock.BaseUri().Host);
        Assert.Equal("127.0.0.1", Prism.BaseUri.Host);
        Assert.NotEqual(WireMock.BaseUri().Port, Prism.BaseUri.Port);
        Assert.InRange(Prism.StartupTime, TimeSpan.Zero, TimeSpan.FromSeconds(60));

        // started once per run: asking again gives the same instance
        Assert.Same(Prism, await PrismServer.GetSharedAsync());
    }

    [Fact]
    public async Task A_server_that_dies_while_starting_fails_with_its_exit_code_and_stderr()
    {
        using var broken = ServerProcess.Start("broken Prism", ContractTools.FindNode(), ["/nonexistent/prism.js"], AppContext.BaseDirectory);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            broken.WaitForLineAsync(new Regex("^Prism is listening", RegexOptions.None, TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(30), "its address"));

        Assert.Contains("broken Prism exited with code 1 while the harness waited for its address", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot find module '/nonexistent/prism.js'", error.Message, StringComparison.Ordinal); // node's stderr
        Assert.Contains("command line: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_spec_copy_is_in_the_test_output()
    {
        Assert.True(File.Exists(Prism.SpecPath), Prism.SpecPath);
        Assert.Contains("/v1/videos:", File.ReadAllText(Prism.SpecPath), StringComparison.Ordinal);
    }
}
