using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// The real WireMock (standalone jar from the pinned npm package <c>wiremock</c>), run by Java on a free
/// 127.0.0.1 port. One instance per test run, shared by every contract test: get it with
/// <see cref="GetSharedAsync"/> (or through <see cref="ContractServers"/>), and drive it with <see cref="Admin"/>.
/// It is killed when the test process exits.
/// </summary>
public sealed partial class WireMockServer : IDisposable
{
    private static readonly Lock s_gate = new();
    private static Task<WireMockServer>? s_shared;

    private readonly ServerProcess _process;

    private WireMockServer(ServerProcess process, Uri baseUri, string rootDirectory, string version, TimeSpan startupTime)
    {
        _process = process;
        BaseUri = baseUri;
        RootDirectory = rootDirectory;
        Version = version;
        StartupTime = startupTime;
        Admin = new WireMockAdmin(baseUri);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The server's address with a trailing slash, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The admin API client (<c>/__admin</c>) of this server.</summary>
    public WireMockAdmin Admin { get; }

    /// <summary>WireMock's version, from the npm package (e.g. <c>3.13.2</c>).</summary>
    public string Version { get; }

    /// <summary>The temporary <c>--root-dir</c> (holds <c>__files</c>); deleted when the server stops.</summary>
    public string RootDirectory { get; }

    /// <summary>From starting the process to the admin API answering.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>An absolute URL on this server: <c>Url("v1/videos")</c> is <c>http://127.0.0.1:P/v1/videos</c>.</summary>
    public Uri Url(string relative) => new(BaseUri, relative.TrimStart('/'));

    /// <summary>False once the WireMock process has died.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The last lines WireMock wrote to stdout and stderr.</summary>
    public string RecentOutput => _process.DescribeOutput();

    /// <summary>The server shared by the whole test run, started on first use. A failed start is not retried.</summary>
    public static Task<WireMockServer> GetSharedAsync()
    {
        lock (s_gate)
        {
            return s_shared ??= Task.Run(() => StartAsync(ContractTools.StartupTimeout));
        }
    }

    /// <summary>
    /// Starts a new server (prefer <see cref="GetSharedAsync"/>). Fails with a clear message when Java is missing or
    /// older than 11, or when the admin API does not answer within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<WireMockServer> StartAsync(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        var java = ContractTools.FindJava();
        var jar = ContractTools.WireMockJar;
        var version = ContractTools.ReadPackageVersion(Path.Combine(ContractTools.NodeModulesDirectory, "wiremock"));
        var rootDirectory = Directory.CreateTempSubdirectory("soraclient-wiremock-").FullName;
        Directory.CreateDirectory(Path.Combine(rootDirectory, "mappings"));
        Directory.CreateDirectory(Path.Combine(rootDirectory, "__files"));

        string[] arguments =
        [
            // a short-lived test server: small heap, fast start
            "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-jar", jar,
            "--port", "0", // WireMock picks a free port and prints it: no race between choosing and binding
            "--bind-address", "127.0.0.1",
            "--root-dir", rootDirectory,
            "--disable-banner",
            "--disable-gzip", // bodies go over the wire exactly as stubbed (the cut-body stubs rely on it)
            "--logged-response-body-size-limit", "4096", // the journal is read often; big downloads would bloat it
        ];

        var process = ServerProcess.Start($"WireMock {version}", java, arguments, AppContext.BaseDirectory, removeOnExit: rootDirectory);
        try
        {
            // WireMock prints its settings once Jetty is listening, including `port:   40123`
            var match = await process.WaitForLineAsync(PortLineRegex(), timeout, "its port (the 'port:' line)");
            var port = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
            var baseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            await WaitUntilAdminAnswersAsync(process, baseUri, timeout - stopwatch.Elapsed);
            return new WireMockServer(process, baseUri, rootDirectory, version, stopwatch.Elapsed);
        }
        catch
        {
            process.Dispose();
            TryDeleteDirectory(rootDirectory);
            throw;
        }
    }

    /// <summary>Kills the server and deletes its root directory.</summary>
    public void Dispose()
    {
        Admin.Dispose();
        _process.Dispose();
        TryDeleteDirectory(RootDirectory);
    }

    private static async Task WaitUntilAdminAnswersAsync(ServerProcess process, Uri baseUri, TimeSpan timeout)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        string lastProblem = "no attempt";
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{process.Name} exited with code {process.ExitCode} before its admin API answered.{Environment.NewLine}{process.DescribeOutput()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseUri, "__admin/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastProblem = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                lastProblem = e.Message;
            }
            catch (TaskCanceledException e)
            {
                lastProblem = e.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException(
            $"{process.Name}'s admin API ({baseUri}__admin/health) did not answer within {timeout.TotalSeconds:0} s (last: {lastProblem}).{Environment.NewLine}{process.DescribeOutput()}");
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: it is in the temp folder
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }

    [GeneratedRegex(@"^port:\s+(?<port>\d+)\s*$", RegexOptions.None, 1000)]
    private static partial Regex PortLineRegex();
}
