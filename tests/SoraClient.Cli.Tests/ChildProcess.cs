using System.Collections.Concurrent;
using System.Diagnostics;

namespace SoraClient.Cli.Tests;

/// <summary>The built tool (<c>dotnet sora.dll</c>) as a child process, its output collected line by line, killed on dispose.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineAdded = new(0);

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "sora.dll");

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    public static ChildProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ToolPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data is null ? null : "stderr: " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until the output satisfies <paramref name="condition"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition(Lines))
        {
            if (_process.HasExited && _process.WaitForExit(5000) && !condition(Lines))
            {
                throw new InvalidOperationException($"The child exited with {_process.ExitCode} before the expected output:\n{Output}");
            }

            try
            {
                await _lineAdded.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException exception)
            {
                throw new TimeoutException($"No expected output within {timeout}:\n{Output}", exception);
            }
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException exception)
        {
            Kill();
            throw new TimeoutException($"The child did not exit within {timeout}:\n{Output}", exception);
        }

        _process.WaitForExit(); // drain the output events
        return _process.ExitCode;
    }

    /// <summary>SIGKILL (on Unix, Process.Kill sends SIGKILL): no handler runs, nothing is flushed.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit(); // let the output events drain before the semaphore goes
        _process.Dispose();
        _lineAdded.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _lineAdded.Release();
        }
    }
}
