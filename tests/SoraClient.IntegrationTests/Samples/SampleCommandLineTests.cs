using System.Diagnostics;

namespace SoraClient.IntegrationTests.Samples;

/// <summary>
/// The samples run as a new user runs them, as child processes: a bad environment variable is one clear line on
/// standard error and exit code 2, before any emulator starts or request is sent.
/// </summary>
public sealed class SampleCommandLineTests
{
    [Theory]
    [InlineData("SORA_PROVIDER=bogus", "SORA_PROVIDER 'bogus' is not known; use one of openai, apiyi, azure, grsai, acedata, aivideoapi.")]
    [InlineData("SORA_PROVIDER=bogus SORA_API_KEY=x", "SORA_PROVIDER 'bogus' is not known; use one of openai, apiyi, azure, grsai, acedata, aivideoapi.")]
    [InlineData("SORA_API_KEY=x SORA_BASE_URL=notaurl", "SORA_BASE_URL 'notaurl' is not an absolute http or https URL (for example https://api.apiyi.com/v1).")]
    [InlineData("SORA_API_KEY=x SORA_BASE_URL=ftp://example.test/v1", "SORA_BASE_URL 'ftp://example.test/v1' is not an absolute http or https URL (for example https://api.apiyi.com/v1).")]
    [InlineData("SORA_API_KEY=x SORA_PROVIDER=azure", "SORA_PROVIDER=azure needs SORA_BASE_URL, e.g. https://<resource>.openai.azure.com/openai/v1")]
    public async Task QuickStart_BadEnvironment_OneLineAndExit2(string environment, string expected)
    {
        var (exitCode, output, error) = await RunSampleAsync("QuickStart", environment);

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, error.Trim());
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("GRSAI_ENDPOINT=moon", "GRSAI_ENDPOINT 'moon' is not known; use overseas or mainland.")]
    [InlineData("CHARACTER_CLIP_URL=clip.mp4", "CHARACTER_CLIP_URL 'clip.mp4' is not an absolute http or https URL.")]
    public async Task CharacterConsistency_BadEnvironment_OneLineAndExit2(string environment, string expected)
    {
        var (exitCode, output, error) = await RunSampleAsync("CharacterConsistency", environment);

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, error.Trim());
        Assert.Empty(output);
    }

    [Fact]
    public async Task Telemetry_OnTheEmulator_ExportsTheSpansAndMetricsNamedInSoraClientTelemetry()
    {
        var (exitCode, output, error) = await RunSampleAsync("Telemetry", string.Empty);

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains("Saved ", output, StringComparison.Ordinal);
        Assert.Contains("gen_ai.operation.name: generate_content", output, StringComparison.Ordinal); // UseOpenTelemetry()'s span
        Assert.Contains("Activity.DisplayName:        openai Submit", output, StringComparison.Ordinal); // the adapter's HTTP attempt
        Assert.Contains("Metric Name: gen_ai.client.operation.duration", output, StringComparison.Ordinal);
        Assert.Contains("Metric Name: sora.client.requests", output, StringComparison.Ordinal);
        Assert.Contains("Metric Name: sora.client.polls", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telemetry_BadBaseUrl_OneLineAndExit2()
    {
        var (exitCode, output, error) = await RunSampleAsync("Telemetry", "SORA_API_KEY=x SORA_BASE_URL=notaurl");

        Assert.Equal(2, exitCode);
        Assert.Equal("SORA_BASE_URL 'notaurl' is not an absolute http or https URL (for example https://api.apiyi.com/v1).", error.Trim());
        Assert.Empty(output);
    }

    [Fact]
    public async Task EmulatorTool_Help_RunsAsSoraEmulator()
    {
        var (exitCode, output, error) = await RunSampleAsync("SoraClient.Emulator.Tool", string.Empty, "--help");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: sora-emulator [options]", output.Trim(), StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task EmulatorTool_PortInUse_OneLineAndExit1()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output, error) = await RunSampleAsync("SoraClient.Emulator.Tool", string.Empty, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, exitCode);
        Assert.Equal($"Port {port} is in use; stop what listens there, or pick another with --port (--port 0 picks a free one).", error.Trim());
        Assert.Empty(output);
    }

    /// <summary>Runs a built program (artifacts/bin/{name}/{configuration}[_net10.0]) with only the given variables of its own.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunSampleAsync(string sample, string environment, params string[] args)
    {
        // artifacts/bin/SoraClient.IntegrationTests/{configuration}/ -> artifacts/bin/{sample}/{configuration}/ (multi-targeted: {configuration}_net10.0)
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var assembly = new[] { testDirectory.Name, testDirectory.Name + "_net10.0" }
            .Select(configuration => Path.Combine(testDirectory.Parent!.Parent!.FullName, sample, configuration, $"{sample}.dll"))
            .FirstOrDefault(File.Exists);
        Assert.True(assembly is not null, $"{sample}.dll is not built next to {testDirectory.FullName}.");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in new[] { "SORA_API_KEY", "SORA_PROVIDER", "SORA_BASE_URL", "SORA_MODEL", "GRSAI_API_KEY", "GRSAI_ENDPOINT", "CHARACTER_CLIP_URL" })
        {
            start.Environment.Remove(name);
        }

        foreach (var pair in environment.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
