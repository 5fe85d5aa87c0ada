using System.Text.Json;
using System.Text.RegularExpressions;

namespace SoraClient.Cli.Tests;

/// <summary>What the tests read from a <c>sora emulator</c> child process and from the CLI's output.</summary>
internal static partial class EmulatorProcess
{
    /// <summary>The address a started emulator printed ("listening on http://127.0.0.1:N/").</summary>
    public static Uri BaseAddress(string output) => new(ListeningOn().Match(output).Groups[1].Value);

    /// <summary>How many requests matching <paramref name="query"/> the emulator received (its request log, across processes).</summary>
    public static async Task<int> CountAsync(Uri baseAddress, string query)
    {
        using var http = SoraClient.Jobs.Tests.LoopbackHttp.CreateClient(); // test traffic never leaves loopback
        var json = await http.GetStringAsync(new Uri(baseAddress, "_emulator/requests/count?" + query));
        return JsonDocument.Parse(json).RootElement.GetProperty("count").GetInt32();
    }

    /// <summary>The number in the CLI's "Resumed N job(s)" line.</summary>
    public static int Resumed(string cliOutput) =>
        int.Parse(ResumedCount().Match(cliOutput).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"Resumed (\d+) job\(s\)")]
    private static partial Regex ResumedCount();
}
