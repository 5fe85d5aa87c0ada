using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SoraClient.Jobs.Tests.PostgreSql;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: <c>initdb</c> in a temp folder (trust authentication, as the
/// <c>postgres</c> user when the tests run as root, since the server refuses to run as root), started with <c>pg_ctl</c>
/// on a free 127.0.0.1 port with its unix socket in the same folder, and removed at the end. Missing binaries fail the
/// tests with what to install; they are never skipped.
/// </summary>
public sealed class PostgreSqlCluster : IAsyncLifetime
{
    private string _folder = string.Empty;
    private string _bin = string.Empty;

    public int Port { get; private set; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50;Timeout=15;Command Timeout=30";

    public async Task InitializeAsync()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "The PostgreSQL tests need the PostgreSQL 15 server binaries (initdb, pg_ctl) on the PATH or under /usr/lib/postgresql/15/bin. " +
            "Install them with: apt-get install -y postgresql-15");
        _folder = Directory.CreateTempSubdirectory("sora-pg-").FullName;
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ["postgres:postgres", _folder], asServerUser: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        Port = FreePort();
        await StartAsync();
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port.</summary>
    public Task StartAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"),
        ["-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o",
            $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300", "start"]);

    /// <summary>Stops the server at once, as a crash would (<c>-m immediate</c>).</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);

    /// <summary>
    /// Restarts the server, closing every connection (<c>-m fast</c>: the commits made so far are kept, as on a server with
    /// <c>synchronous_commit</c> on; an immediate stop here could lose the last ones, since this cluster runs with it off).
    /// </summary>
    public async Task RestartAsync()
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-m", "fast", "-w", "stop"]);
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_folder.Length == 0)
        {
            return;
        }

        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        Directory.Delete(_folder, recursive: true);
    }

    private string DataFolder => Path.Combine(_folder, "data");

    private static string? FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Append("/usr/lib/postgresql/15/bin");
        return candidates.FirstOrDefault(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServerUser = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServerUser && Environment.IsPrivilegedProcess)
        {
            // The server and initdb refuse to run as root.
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlClusterGroup : ICollectionFixture<PostgreSqlCluster>
{
    public const string Name = "PostgreSQL";
}
