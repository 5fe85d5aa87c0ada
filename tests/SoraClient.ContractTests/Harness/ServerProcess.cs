using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// One server process (Prism) run through <c>tools/supervise.js</c>, which stops it when this test
/// process goes away, even when it is killed. Keeps the last lines of its stdout and stderr for error messages,
/// and is killed (with its whole tree) when the test process exits.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int MaxLinesKept = 300;

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly Queue<string> _stdout = new();
    private readonly Queue<string> _stderr = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];
    private readonly CancellationTokenSource _exitedSignal = new();
    private int? _exitCode;
    private int _disposed;

    private ServerProcess(string name, Process process, string commandLine)
    {
        Name = name;
        _process = process;
        CommandLine = commandLine;
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>The server's command line (without the supervisor), for error messages.</summary>
    public string CommandLine { get; }

    /// <summary>Whether the process has ended (see <see cref="ExitCode"/>).</summary>
    public bool HasExited => _exitedSignal.IsCancellationRequested;

    /// <summary>The exit code once <see cref="HasExited"/>, otherwise null.</summary>
    public int? ExitCode
    {
        get
        {
            lock (_gate)
            {
                return _exitCode;
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="command"/> with <paramref name="arguments"/> under the supervisor script (run by Node.js),
    /// which deletes <paramref name="removeOnExit"/> (if given) once the server has exited.
    /// </summary>
    public static ServerProcess Start(string name, string command, IReadOnlyList<string> arguments, string workingDirectory, string? removeOnExit = null)
    {
        var node = ContractTools.FindNode();
        var startInfo = new ProcessStartInfo(node)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true, // never written: its closing tells the supervisor that we are gone
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        startInfo.ArgumentList.Add(ContractTools.SupervisorScript);
        if (removeOnExit is not null)
        {
            startInfo.ArgumentList.Add("--remove-on-exit");
            startInfo.ArgumentList.Add(removeOnExit);
        }

        startInfo.ArgumentList.Add(command);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["NO_COLOR"] = "1";
        startInfo.Environment["FORCE_COLOR"] = "0";

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var server = new ServerProcess(name, process, string.Join(' ', [command, .. arguments]));
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data, server._stdout);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data, server._stderr);
        process.Exited += (_, _) => server.OnExited();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {name} ({node} {ContractTools.SupervisorScript} {command}): {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    /// <summary>
    /// Waits for a line of stdout or stderr (already seen or still to come) that matches <paramref name="pattern"/>.
    /// Fails at once if the process exits first, and after <paramref name="timeout"/> otherwise; both messages
    /// include the process's recent output.
    /// </summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout, string waitingFor)
    {
        TaskCompletionSource<Match> found = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var line in _stdout.Concat(_stderr))
            {
                var match = pattern.Match(line);
                if (match.Success)
                {
                    return match;
                }
            }

            _waiters.Add((pattern, found));
        }

        using var timeoutSource = new CancellationTokenSource(timeout);
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, _exitedSignal.Token);
        try
        {
            return await found.Task.WaitAsync(stopWaiting.Token);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Found == found);
            }
        }

        if (found.Task.IsCompletedSuccessfully)
        {
            return await found.Task; // the line came just as the process exited
        }

        if (HasExited)
        {
            // Let the last output lines arrive before describing them: WaitForExitAsync also waits for the redirected streams
            // to be read to their end (the timed WaitForExit does not, and returned before node's stderr line under load in CI).
            using (var drained = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            {
                try
                {
                    await _process.WaitForExitAsync(drained.Token);
                }
                catch (OperationCanceledException)
                {
                    // describe what arrived
                }
            }
            throw new InvalidOperationException(
                $"{Name} exited with code {ExitCode} while the harness waited for {waitingFor}.{Environment.NewLine}{DescribeOutput()}");
        }

        throw new TimeoutException(
            $"{Name} did not report {waitingFor} within {timeout.TotalSeconds:0} s " +
            $"(raise it with {ContractTools.StartupTimeoutEnvironmentVariable}).{Environment.NewLine}{DescribeOutput()}");
    }

    /// <summary>The last lines the process wrote, stderr first, for error messages.</summary>
    public string DescribeOutput()
    {
        lock (_gate)
        {
            var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"--- {Name} command line: {CommandLine}");
            text.AppendLine(CultureInfo.InvariantCulture, $"--- {Name} stderr (last {_stderr.Count} lines) ---");
            foreach (var line in _stderr)
            {
                text.AppendLine(line);
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"--- {Name} stdout (last {_stdout.Count} lines) ---");
            foreach (var line in _stdout)
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// Stops the server: closes the supervisor's stdin (it stops the server and cleans up), and kills the whole
    /// process tree if that has not worked within 5 s. Safe to call more than once.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // the supervisor is already going
                }

                if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // it was never started or has already gone
        }
        catch (Win32Exception)
        {
            // it is exiting on its own
        }

        _process.Dispose();
    }

    private void OnLine(string? line, Queue<string> lines)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            lines.Enqueue(line);
            if (lines.Count > MaxLinesKept)
            {
                lines.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var match = _waiters[i].Pattern.Match(line);
                if (match.Success)
                {
                    _waiters[i].Found.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void OnExited()
    {
        int exitCode;
        try
        {
            exitCode = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            exitCode = -1;
        }

        lock (_gate)
        {
            _exitCode = exitCode;
        }

        _exitedSignal.Cancel();
    }
}
