using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SoraClient.Jobs;

namespace SoraClient.Cli.Commands;

/// <summary><c>jobs --ledger FILE|CONNECTION [--state S]</c>: the rows of a job ledger (SQLite or PostgreSQL) by state.</summary>
internal static class JobsCommand
{
    public static Command Create(CliConsole console)
    {
        var ledger = new Option<string>("--ledger") { Description = "The job ledger: an SQLite file, or a PostgreSQL connection string (Host=...;Database=...;Username=...)", Required = true };
        var state = new Option<string[]>("--state") { Description = "Only rows in these states: " + string.Join(", ", Enum.GetNames<VideoJobEntryState>().Select(n => n.ToLowerInvariant())), AllowMultipleArgumentsPerToken = true };
        var command = new Command("jobs", "List the rows of a job ledger by state (from either ledger)");
        command.Options.Add(ledger);
        command.Options.Add(state);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var states = (parse.GetValue(state) ?? []).Select(s => Enum.TryParse<VideoJobEntryState>(s, ignoreCase: true, out var parsed)
                    ? parsed
                    : throw new CliUsageException($"--state '{s}' is not a state; use {string.Join(", ", Enum.GetNames<VideoJobEntryState>().Select(n => n.ToLowerInvariant()))}.")).ToList();
                await using var opened = CliLedger.Open(parse.GetValue(ledger)!);
                var rows = await opened.Ledger.ListAsync(states.Count == 0 ? null : states, ct).ConfigureAwait(false);
                if (console.Json)
                {
                    console.WriteJson(new JsonObject
                    {
                        ["ledger"] = opened.Description,
                        ["rows"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
                        {
                            ["key"] = r.Key,
                            ["state"] = r.State.ToString().ToLowerInvariant(),
                            ["provider"] = r.Provider,
                            ["job"] = r.JobId is null ? null : $"{r.Provider}:{r.JobId}",
                            ["progress"] = r.Progress,
                            ["error"] = r.Error?.Message,
                            ["file"] = r.File?.Path,
                            ["leaseOwner"] = r.LeaseOwner,
                        })]),
                    });
                    return ExitCodes.Success;
                }

                foreach (var group in rows.GroupBy(r => r.State).OrderBy(g => g.Key))
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{group.Key.ToString().ToLowerInvariant()} ({group.Count()})"));
                    foreach (var row in group)
                    {
                        var job = row.JobId is null ? string.Empty : $"  {row.Provider}:{row.JobId}";
                        var detail = row.File?.Path ?? row.Error?.Message ?? (row.Progress is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p}%") : string.Empty);
                        console.Out.WriteLine($"  {row.Key}{job}  {detail}".TrimEnd());
                    }
                }

                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} row(s) in {opened.Description}"));
                return ExitCodes.Success;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return CliErrors.Report(exception, console);
            }
        });
        return command;
    }
}
