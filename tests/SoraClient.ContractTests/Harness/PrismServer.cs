using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// Stoplight Prism (pinned npm package <c>@stoplight/prism-cli</c>) serving <c>Specs/openai-videos.v1-mounted.openapi.yaml</c>
/// as a validating mock: <c>prism mock --errors -h 127.0.0.1 -p PORT SPEC</c>. A request that breaks the schema
/// gets <c>422</c> with a list of violations (see <see cref="PrismProblem"/>). One instance per test run, shared by
/// every contract test; killed when the test process exits.
/// </summary>
/// <remarks>
/// Prism 5 can crash on a request it cannot parse: a multipart part whose <c>filename</c> is not in double quotes
/// (as .NET's <c>MultipartFormDataContent.Add(content, name, fileName)</c> writes it) kills the whole process.
/// <see cref="ContractTest"/> therefore fails the test during which Prism died, with Prism's output, and
/// <see cref="EnsureRunningAsync"/> restarts it on the same port before the next test.
/// </remarks>
public sealed partial class PrismServer : IDisposable
{
    /// <summary>The spec file, relative to the test output folder.</summary>
    public const string SpecRelativePath = "Specs/openai-videos.v1-mounted.openapi.yaml";

    private static readonly Lock s_gate = new();
    private static Task<PrismServer>? s_shared;

    private readonly SemaphoreSlim _restartGate = new(1, 1);
    private ServerProcess _process;
    private int _disposed;

    private PrismServer(ServerProcess process, Uri baseUri, string specPath, string version, TimeSpan startupTime)
    {
        _process = process;
        BaseUri = baseUri;
        SpecPath = specPath;
        Version = version;
        StartupTime = startupTime;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The server's address with a trailing slash, e.g. <c>http://127.0.0.1:40123/</c>. Kept across restarts.</summary>
    public Uri BaseUri { get; }

    /// <summary>What the SDK uses as its OpenAI endpoint: <c>{BaseUri}v1</c> (the spec's paths are mounted at <c>/v1</c>).</summary>
    public Uri OpenAIBaseUri => new(BaseUri, "v1");

    /// <summary>The OpenAPI file Prism serves.</summary>
    public string SpecPath { get; }

    /// <summary>Prism's version, from the npm package (e.g. <c>5.14.2</c>).</summary>
    public string Version { get; }

    /// <summary>From starting the process to Prism saying it listens (the first start).</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>How many times Prism died and was restarted.</summary>
    public int Restarts { get; private set; }

    /// <summary>False once the Prism process has died (it crashed); <see cref="EnsureRunningAsync"/> restarts it.</summary>
    public bool IsRunning => !Volatile.Read(ref _process).HasExited;

    /// <summary>The last lines Prism wrote (it logs every request and each violation it found).</summary>
    public string RecentOutput => Volatile.Read(ref _process).DescribeOutput();

    /// <summary>The server shared by the whole test run, started on first use. A failed start is not retried.</summary>
    public static Task<PrismServer> GetSharedAsync()
    {
        lock (s_gate)
        {
            return s_shared ??= Task.Run(() => StartAsync(ContractTools.StartupTimeout));
        }
    }

    /// <summary>Starts a new Prism (prefer <see cref="GetSharedAsync"/>) on a free port.</summary>
    public static async Task<PrismServer> StartAsync(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        var specPath = Path.Combine(AppContext.BaseDirectory, SpecRelativePath);
        if (!File.Exists(specPath))
        {
            throw new InvalidOperationException($"The OpenAPI spec for Prism is missing from the test output: {specPath}.");
        }

        var version = ContractTools.ReadPackageVersion(Path.Combine(ContractTools.NodeModulesDirectory, "@stoplight", "prism-cli"));
        var (process, baseUri) = await StartProcessAsync(version, specPath, port: 0, timeout);
        return new PrismServer(process, baseUri, specPath, version, stopwatch.Elapsed);
    }

    /// <summary>
    /// Restarts Prism on the same port if it has died; returns the output of the dead process (null when it was running).
    /// </summary>
    public async Task<string?> EnsureRunningAsync()
    {
        if (IsRunning)
        {
            return null;
        }

        await _restartGate.WaitAsync();
        try
        {
            var dead = Volatile.Read(ref _process);
            if (!dead.HasExited)
            {
                return null;
            }

            var deadOutput = $"Prism exited with code {dead.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}.{Environment.NewLine}{dead.DescribeOutput()}";
            dead.Dispose();
            var (process, _) = await StartProcessAsync(Version, SpecPath, BaseUri.Port, ContractTools.StartupTimeout);
            Volatile.Write(ref _process, process);
            Restarts++;
            return deadOutput;
        }
        finally
        {
            _restartGate.Release();
        }
    }

    /// <summary>Kills Prism.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Volatile.Read(ref _process).Dispose();
        }
    }

    private static async Task<(ServerProcess Process, Uri BaseUri)> StartProcessAsync(string version, string specPath, int port, TimeSpan timeout)
    {
        var node = ContractTools.FindNode();
        string[] arguments =
        [
            ContractTools.PrismCliScript, "mock", "--errors",
            "-h", "127.0.0.1",
            "-p", port.ToString(CultureInfo.InvariantCulture), // 0: Prism picks a free port and prints it
            specPath,
        ];
        var process = ServerProcess.Start($"Prism {version}", node, arguments, AppContext.BaseDirectory);
        try
        {
            // `[CLI] ▶  start     Prism is listening on http://127.0.0.1:40123`
            var match = await process.WaitForLineAsync(ListeningRegex(), timeout, "'Prism is listening on ...'");
            return (process, new Uri(match.Groups["url"].Value.TrimEnd('/') + "/"));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    [GeneratedRegex(@"Prism is listening on (?<url>http://[^\s]+)", RegexOptions.None, 1000)]
    private static partial Regex ListeningRegex();
}
