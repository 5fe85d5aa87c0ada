using System.Net;
using System.Net.Http.Headers;
using SoraClient.Emulator;
using SoraClient.Emulator.Hosting;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class EmulatorCommandLineTests
{
    [Fact]
    public void TryParse_NoArguments_UsesDefaults()
    {
        Assert.True(EmulatorCommandLine.TryParse([], out var commandLine, out var error));

        Assert.Null(error);
        Assert.Equal(5080, commandLine!.Options.Port);
        Assert.Equal("127.0.0.1", commandLine.Options.Host);
        Assert.Equal("emulator-key", commandLine.Options.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(8), commandLine.Options.JobDuration);
        Assert.False(commandLine.Quiet);
        Assert.False(commandLine.ShowHelp);
    }

    [Fact]
    public void TryParse_EveryOption_IsApplied()
    {
        string[] args =
        [
            "--port", "5081", "--api-key", "k", "--job-duration", "20s", "--queue-duration=2s",
            "--poll-after", "500ms", "--asset-lifetime", "2h", "--quiet",
        ];

        Assert.True(EmulatorCommandLine.TryParse(args, out var commandLine, out _));

        var options = commandLine!.Options;
        Assert.Equal((5081, "k"), (options.Port, options.ApiKey));
        Assert.Equal(TimeSpan.FromSeconds(20), options.JobDuration);
        Assert.Equal(TimeSpan.FromSeconds(2), options.QueueDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.PollAfter);
        Assert.Equal(TimeSpan.FromHours(2), options.AssetLifetime);
        Assert.True(commandLine.Quiet);
    }

    [Fact]
    public void TryParse_AnyKey_AcceptsAnyKey()
    {
        Assert.True(EmulatorCommandLine.TryParse(["--any-key"], out var commandLine, out _));

        Assert.Null(commandLine!.Options.ApiKey);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void TryParse_Help_ShowsHelp(string flag)
    {
        Assert.True(EmulatorCommandLine.TryParse([flag], out var commandLine, out _));

        Assert.True(commandLine!.ShowHelp);
    }

    [Theory]
    [InlineData("--port", "eighty", "--port")]
    [InlineData("--port", "70000", "Port")]
    [InlineData("--job-duration", "soon", "--job-duration")]
    [InlineData("--job-duration", "0s", "JobDuration")]
    [InlineData("--queue-duration", "9s", "QueueDuration")]
    [InlineData("--bogus", "1", "--bogus")]
    public void TryParse_BadArgument_FailsWithMessageNamingIt(string name, string value, string expected)
    {
        Assert.False(EmulatorCommandLine.TryParse([name, value], out var commandLine, out var error));

        Assert.Null(commandLine);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MissingValue_Fails()
    {
        Assert.False(EmulatorCommandLine.TryParse(["--port"], out _, out var error));

        Assert.Contains("needs a value", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("20s", 20_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("12", 12_000)]
    [InlineData("00:00:30", 30_000)]
    public void TryParseDuration_SupportedForms_Parse(string text, int milliseconds)
    {
        Assert.True(EmulatorCommandLine.TryParseDuration(text, out var duration));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-5s")]
    [InlineData("5d")]
    public void TryParseDuration_Garbage_Fails(string text) =>
        Assert.False(EmulatorCommandLine.TryParseDuration(text, out _));

    [Fact]
    public async Task RunAsync_ValidArguments_PrintsEndpointsServesAndStopsWhenCancelled()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = EmulatorProgram.RunAsync(["--port", "0", "--api-key", "k", "--quiet"], output, error, stop.Token);
        var endpoint = await WaitForEndpointAsync(output);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "k");
        using var response = await http.GetAsync(endpoint + "/videos");
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, exitCode);
        Assert.Contains("API key: k", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(EmulatorPromptMarkers.Moderation, output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task RunAsync_BadArguments_Returns2WithMessage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await EmulatorProgram.RunAsync(["--nope"], output, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains("--nope", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "http")]
    [InlineData("--port", "70000")]
    [InlineData("--job-duration", "soon")]
    [InlineData("--port", null)]
    public async Task RunAsync_BadValue_OneLineAndNonZeroExit(string option, string? value)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await EmulatorProgram.RunAsync(value is null ? [option] : [option, value], output, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // the problem, then "Run with --help"
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task RunAsync_PortInUse_SaysSoAndExitsNonZero()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await EmulatorProgram.RunAsync(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], output, error, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Equal($"Port {port} is in use; stop what listens there, or pick another with --port (--port 0 picks a free one).", error.ToString().Trim());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsageAndReturns0()
    {
        using var output = new StringWriter();

        var exitCode = await EmulatorProgram.RunAsync(["--help"], output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Contains("--job-duration", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(8_000, "8s")]
    [InlineData(90_000, "1.5m")]
    [InlineData(86_400_000, "24h")]
    public void Format_Durations_UseTheLargestUnit(int milliseconds, string expected) =>
        Assert.Equal(expected, EmulatorProgram.Format(TimeSpan.FromMilliseconds(milliseconds)));

    /// <summary>The program writes its banner once the server listens; poll the writer until the OpenAI line shows up.</summary>
    private static async Task<string> WaitForEndpointAsync(StringWriter output)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = output.ToString().Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(EmulatorProtocols.OpenAI + " ", StringComparison.Ordinal));
            if (line is not null)
            {
                return line.Trim()[EmulatorProtocols.OpenAI.Length..].Trim();
            }

            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }
}
