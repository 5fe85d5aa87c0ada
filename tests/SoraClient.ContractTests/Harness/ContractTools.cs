using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// Finds the programs Prism needs (Node.js and the npm-installed Prism)
/// and fails with a message that says what to install when one is missing. Never skips.
/// </summary>
internal static partial class ContractTools
{
    /// <summary>Overrides the <c>tools</c> folder baked into the assembly at build time.</summary>
    public const string ToolsDirEnvironmentVariable = "SORACLIENT_CONTRACT_TOOLS_DIR";

    /// <summary>Overrides the default startup timeout of each server, in seconds.</summary>
    public const string StartupTimeoutEnvironmentVariable = "SORACLIENT_CONTRACT_STARTUP_TIMEOUT_SECONDS";

    private const int MinimumNodeMajor = 18;
    private const string NodeInstallHint = "Install Node.js 18.20 or newer with npm (Debian: apt-get install nodejs npm).";

    public static TimeSpan StartupTimeout
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(StartupTimeoutEnvironmentVariable);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromSeconds(60);
        }
    }

    /// <summary>The <c>tests/SoraClient.ContractTests/tools</c> folder that holds package.json and node_modules.</summary>
    public static string ToolsDirectory
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(ToolsDirEnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return Path.GetFullPath(fromEnvironment);
            }

            var fromBuild = typeof(ContractTools).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => string.Equals(a.Key, "SoraClient.ContractToolsDir", StringComparison.Ordinal))?.Value;
            if (string.IsNullOrWhiteSpace(fromBuild))
            {
                throw new InvalidOperationException(
                    $"The test assembly does not say where the contract-test tools are; set {ToolsDirEnvironmentVariable} to tests/SoraClient.ContractTests/tools.");
            }

            return fromBuild;
        }
    }

    public static string NodeModulesDirectory => Path.Combine(ToolsDirectory, "node_modules");

    /// <summary>tools/supervise.js: runs a server and stops it when the test host goes away.</summary>
    public static string SupervisorScript => RequireFile(Path.Combine(ToolsDirectory, "supervise.js"), "the supervisor script");

    /// <summary>The JavaScript entry point of the npm package <c>@stoplight/prism-cli</c> (its <c>prism</c> bin).</summary>
    public static string PrismCliScript
    {
        get
        {
            var packageDirectory = Path.Combine(NodeModulesDirectory, "@stoplight", "prism-cli");
            using var package = JsonDocument.Parse(File.ReadAllText(RequireFile(Path.Combine(packageDirectory, "package.json"), "Prism's package.json")));
            var bin = package.RootElement.GetProperty("bin");
            var relative = bin.ValueKind == JsonValueKind.String ? bin.GetString() : bin.GetProperty("prism").GetString();
            return RequireFile(Path.Combine(packageDirectory, relative ?? "dist/index.js"), "Prism's command-line script");
        }
    }

    public static string ReadPackageVersion(string packageDirectory)
    {
        var packageJson = RequireFile(Path.Combine(packageDirectory, "package.json"), $"{Path.GetFileName(packageDirectory)}'s package.json");
        using var package = JsonDocument.Parse(File.ReadAllText(packageJson));
        return package.RootElement.GetProperty("version").GetString()
            ?? throw new InvalidOperationException($"{packageJson} has no version.");
    }

    /// <summary>The <c>node</c> executable on PATH, checked to be Node.js 18 or newer.</summary>
    public static string FindNode()
    {
        var executable = FindOnPath("node")
            ?? throw new InvalidOperationException($"Prism and the server supervisor need Node.js, but no 'node' was found on PATH. {NodeInstallHint}");
        var output = RunAndCapture(executable, ["--version"], NodeInstallHint).Trim();
        var match = NodeVersionRegex().Match(output);
        if (!match.Success || int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture) < MinimumNodeMajor)
        {
            throw new InvalidOperationException($"Prism needs Node.js {MinimumNodeMajor} or newer, but {executable} reports '{output}'. {NodeInstallHint}");
        }

        return executable;
    }

    private static string RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{what} is missing: {path}. The npm tools of SoraClient.ContractTests are installed by building the project " +
                $"(its InstallContractTestTools target runs 'npm ci' in {ToolsDirectory} when node_modules is missing or stale). " +
                "Build again, or run 'npm ci' in that folder.");
        }

        return path;
    }

    private static string? FindOnPath(string name)
    {
        var fileName = ExecutableName(name);
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string ExecutableName(string name) => OperatingSystem.IsWindows() ? name + ".exe" : name;

    private static string RunAndCapture(string executable, string[] arguments, string installHint)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(startInfo)
                ?? throw new InvalidOperationException($"Could not start {executable}. {installHint}");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"'{executable} {string.Join(' ', arguments)}' did not finish within 30 s.");
            }

#pragma warning disable VSTHRD002 // the process has exited: both streams are complete
            return stdout + stderr.GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run {executable}: {e.Message}. {installHint}", e);
        }
    }

    [GeneratedRegex(@"^v(?<major>\d+)\.", RegexOptions.None, 1000)]
    private static partial Regex NodeVersionRegex();
}
