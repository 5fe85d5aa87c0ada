using System.Globalization;
using System.Text.RegularExpressions;
using SoraClient.ContractTests.Harness;
using Xunit.Abstractions;

namespace SoraClient.ContractTests.HarnessSmokeTests;

/// <summary>The shared servers run the pinned versions on loopback, once per test run, and report how long they took to start.</summary>
public sealed class ServerStartupTests(ContractServers servers, ITestOutputHelper output) : ContractTest(servers)
{
    [Fact]
    public async Task Both_servers_run_the_pinned_versions_on_loopback_and_report_their_startup_time()
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"WireMock {WireMock.Version} at {WireMock.BaseUri} started in {WireMock.StartupTime.TotalMilliseconds:0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Prism {Prism.Version} at {Prism.BaseUri} started in {Prism.StartupTime.TotalMilliseconds:0} ms"));

        Assert.Equal("3.13.2", WireMock.Version);
        Assert.Equal("5.14.2", Prism.Version);
        Assert.Equal("127.0.0.1", WireMock.BaseUri.Host);
        Assert.Equal("127.0.0.1", Prism.BaseUri.Host);
        Assert.NotEqual(WireMock.BaseUri.Port, Prism.BaseUri.Port);
        Assert.InRange(WireMock.StartupTime, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        Assert.InRange(Prism.StartupTime, TimeSpan.Zero, TimeSpan.FromSeconds(60));

        // started once per run: asking again gives the same instances
        Assert.Same(WireMock, await WireMockServer.GetSharedAsync());
        Assert.Same(Prism, await PrismServer.GetSharedAsync());
    }

    [Fact]
    public async Task A_server_that_dies_while_starting_fails_with_its_exit_code_and_stderr()
    {
        using var broken = ServerProcess.Start("broken WireMock", ContractTools.FindJava(), ["-jar", "/nonexistent/wiremock.jar"], AppContext.BaseDirectory);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            broken.WaitForLineAsync(new Regex("^port:", RegexOptions.None, TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(30), "its port"));

        Assert.Contains("broken WireMock exited with code 1 while the harness waited for its port", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unable to access jarfile /nonexistent/wiremock.jar", error.Message, StringComparison.Ordinal); // java's stderr
        Assert.Contains("command line: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_spec_copy_is_in_the_test_output()
    {
        Assert.True(File.Exists(Prism.SpecPath), Prism.SpecPath);
        Assert.Contains("/v1/videos:", File.ReadAllText(Prism.SpecPath), StringComparison.Ordinal);
    }
}
