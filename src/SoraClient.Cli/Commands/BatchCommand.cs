using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SoraClient.Jobs;
using Spectre.Console;

namespace SoraClient.Cli.Commands;

/// <summary>
/// <c>batch prompts.csv|prompts.jsonl --out DIR</c>: every row through a <see cref="VideoJobRunner"/> on an SQLite
/// ledger, so the command can be stopped (Ctrl+C, a crash, a kill) and run again: finished rows are skipped, submitted
/// jobs are waited on again, nothing is submitted twice.
/// </summary>
internal static class BatchCommand
{
    public static IEnumerable<Command> Create(CliConsole console, CliOptions o)
    {
        var file = new Argument<string>("file") { Description = "prompts.csv (header: prompt[,key,model,seconds,aspect,resolution,size,image,characters]) or prompts.jsonl" };
        var output = new Option<string>("--out", "-o") { Description = "The folder for the videos (one file per row, named after its key)", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Rows worked on at once", DefaultValueFactory = _ => 4 };
        var maxRps = new Option<double?>("--max-rps") { Description = "At most this many requests per second to the gateway (creates, status reads, downloads and retries together); on a shared PostgreSQL ledger, in total across every worker" };
        var ledger = new Option<string?>("--ledger") { Description = "The job ledger: an SQLite file (default: <file>.jobs.db next to the input), or a PostgreSQL connection string (Host=...;Database=...;Username=...) shared by workers on several machines" };
        var lease = new Option<string?>("--lease") { Description = "On a shared (PostgreSQL) ledger: how long a killed worker's rows stay held before another takes them over, e.g. 30s (default 1m)" };
        var retryUncertain = new Option<bool>("--retry-uncertain") { Description = "Submit uncertain rows again (they may have been created and billed already)" };
        var command = new Command("batch", "Generate a video per row of a CSV or JSONL file; resumable (rerun the same command after a stop)");
        command.Arguments.Add(file);
        foreach (var option in (Option[])[output, concurrency, maxRps, ledger, lease, retryUncertain, .. o.RequestOptions])
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            List<VideoJobWorkItem> items = [];
            CliLedger? opened = null;
            System.Threading.RateLimiting.RateLimiter? sharedRate = null;
            try
            {
                return await SoraCli.RunAsync(console, o, parse, ct, gateway => RunAsync(gateway, items, opened!, parse, ct), configure: options =>
                {
                    // Before the generator exists: the rate is the registration's, so every request takes its share as it is sent.
                    var input = parse.GetValue(file)!;
                    items = BatchFile.Read(input, prompt => CliParsing.Request(parse, o, prompt));
                    opened = CliLedger.Open(parse.GetValue(ledger) ?? input + ".jobs.db");
                    if (parse.GetValue(maxRps) is { } rate)
                    {
                        if (!(rate > 0 && double.IsFinite(rate)))
                        {
                            throw new CliUsageException($"--max-rps must be a positive number, not {rate}.");
                        }

                        // On a shared ledger the rate holds across every worker of the registration (one token bucket row).
                        if (opened.Ledger is PostgreSqlVideoJobLedger postgres)
                        {
                            options.RateLimiter = sharedRate = postgres.CreateRateLimiter(options.ProviderName!, rate);
                        }
                        else
                        {
                            options.MaxRequestsPerSecond = rate;
                        }
                    }
                });
            }
            finally
            {
                sharedRate?.Dispose();
                if (opened is not null)
                {
                    await opened.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return [command];

        async Task<int> RunAsync(Gateway gateway, List<VideoJobWorkItem> items, CliLedger opened, ParseResult parse, CancellationToken ct)
        {
            var jobs = opened.Ledger;
            var ledgerPath = opened.Description;
            await ReportLedgerAsync(console, jobs, ledgerPath, ct).ConfigureAwait(false);
            using var runner = new VideoJobRunner(jobs, gateway.Generator, new VideoJobRunnerOptions
            {
                MaxConcurrency = parse.GetValue(concurrency) is var n && n >= 1 ? n : throw new CliUsageException($"--concurrency must be at least 1, not {n}."),
                OutputDirectory = parse.GetValue(output),
                RetryUncertain = parse.GetValue(retryUncertain),
                Normalization = parse.GetValue(o.Nearest) ? VideoNormalization.Nearest : null,
                WaitOptions = CliParsing.WaitOptions(parse, o),
                // One id per machine: a rerun after a crash or a kill takes its rows back at once instead of waiting
                // for the dead process's leases to end (the intent step still keeps two runs from submitting a row twice).
                // On a shared ledger every process is a worker of its own: a killed one's rows are taken over when its lease ends.
                WorkerId = opened.IsShared ? $"sora-cli@{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}" : $"sora-cli@{Environment.MachineName}",
                LeaseDuration = CliParsing.Duration(parse.GetValue(lease), "--lease") ?? (opened.IsShared ? TimeSpan.FromMinutes(1) : new VideoJobRunnerOptions().LeaseDuration),
            });

            VideoJobRunSummary summary;
            try
            {
                summary = console.Rich
                    ? await RunWithBarsAsync(console, runner, items, ct).ConfigureAwait(false)
                    : await runner.RunAsync(items, new LineProgress(console), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                console.Error.WriteLine($"Interrupted. Every submitted job is in the ledger {ledgerPath}; run the same command again to resume (nothing is submitted twice).");
                return ExitCodes.Interrupted;
            }

            PrintSummary(console, summary, ledgerPath, opened.IsShared);
            // Rows other workers of a shared batch hold are theirs to finish: this worker did its part.
            return summary.NothingLeft ? ExitCodes.Success : ExitCodes.JobFailed;
        }
    }

    private static async Task ReportLedgerAsync(CliConsole console, IVideoJobLedger ledger, string path, CancellationToken cancellationToken)
    {
        var rows = await ledger.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            console.Info($"New ledger {path}");
            return;
        }

        var waiting = rows.Count(r => r.State is VideoJobEntryState.Submitted or VideoJobEntryState.Succeeded);
        var counts = string.Join(", ", rows.GroupBy(r => r.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        console.Info($"Resuming from ledger {path}: {counts}. {waiting} job(s) submitted earlier will be waited on, not resubmitted.");
        if (console.Json)
        {
            console.WriteJson(new JsonObject { ["event"] = "ledger", ["path"] = path, ["rows"] = rows.Count, ["resumable"] = waiting });
        }
    }

    private static async Task<VideoJobRunSummary> RunWithBarsAsync(CliConsole console, VideoJobRunner runner, List<VideoJobWorkItem> items, CancellationToken cancellationToken)
    {
        VideoJobRunSummary? summary = null;
        await console.Ansi.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var total = context.AddTask($"[bold]{items.Count} videos[/]", maxValue: items.Count);
                var rows = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new SyncProgress<VideoJobEntry>(entry =>
                {
                    lock (rows)
                    {
                        if (!rows.TryGetValue(entry.Key, out var task))
                        {
                            task = rows[entry.Key] = context.AddTask(Markup.Escape(entry.Key), maxValue: 100);
                        }

                        task.Description = Markup.Escape($"{entry.Key} {entry.State.ToString().ToLowerInvariant()}");
                        task.Value = entry.Progress ?? task.Value;
                        if (entry.IsFinished || entry.State == VideoJobEntryState.Uncertain)
                        {
                            task.Value = 100;
                            task.StopTask();
                            total.Increment(1);
                        }
                    }
                });
                summary = await runner.RunAsync(items, progress, cancellationToken).ConfigureAwait(false);
                total.Value = items.Count;
            }).ConfigureAwait(false);
        return summary!; // set inside the progress display, which has completed
    }

    private static void PrintSummary(CliConsole console, VideoJobRunSummary summary, string ledgerPath, bool shared)
    {
        var resumed = summary.Results.Where(r => r.Resumed).Select(r => r.Key).ToList();
        var cost = string.Join(" + ", summary.Cost.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value:0.00} {c.Key}")));
        if (console.Json)
        {
            static JsonArray Rows(IEnumerable<VideoJobResult> results) =>
                new([.. results.Select(r => (JsonNode)new JsonObject { ["key"] = r.Key, ["reference"] = r.Entry.Reference?.ToString(), ["reason"] = r.Message })]);
            console.WriteJson(new JsonObject
            {
                ["event"] = "summary",
                ["rows"] = summary.Results.Count,
                ["succeeded"] = summary.Succeeded,
                ["alreadyDone"] = summary.Results.Count(r => r.AlreadyFinished && r.Outcome == VideoJobOutcome.Downloaded),
                ["resumed"] = new JsonArray([.. resumed.Select(k => JsonValue.Create(k))]),
                ["failed"] = Rows(summary.Results.Where(r => r.Outcome == VideoJobOutcome.Failed)),
                ["uncertain"] = Rows(summary.Results.Where(r => r.Outcome == VideoJobOutcome.Uncertain)),
                ["otherWorkers"] = Rows(summary.Results.Where(r => r.Outcome == VideoJobOutcome.OtherWorker)),
                ["remaining"] = Rows(summary.Results.Where(r => r.Outcome is VideoJobOutcome.Refused or VideoJobOutcome.Unfinished or VideoJobOutcome.Skipped)),
                ["cost"] = new JsonObject([.. summary.Cost.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)JsonValue.Create(c.Value)))]),
                ["ledger"] = ledgerPath,
            });
            return;
        }

        if (console.Quiet)
        {
            return;
        }

        var table = new Table().AddColumns("Row", "Result", "Job", "File / reason");
        foreach (var result in summary.Results.Where(r => r.Outcome != VideoJobOutcome.Downloaded || !r.AlreadyFinished))
        {
            table.AddRow(Markup.Escape(result.Key), result.Outcome.ToString().ToLowerInvariant() + (result.Resumed ? " (resumed)" : string.Empty),
                Markup.Escape(result.Entry.Reference?.ToString() ?? "-"), Markup.Escape(result.Entry.File?.Path ?? result.Message ?? string.Empty));
        }

        if (table.Rows.Count > 0)
        {
            console.Ansi.Write(table);
        }

        var already = summary.Results.Count(r => r.AlreadyFinished && r.Outcome == VideoJobOutcome.Downloaded);
        console.Out.WriteLine($"Succeeded: {summary.Succeeded} of {summary.Results.Count}{(already > 0 ? $" ({already} from earlier runs{(shared ? " or other workers" : string.Empty)})" : string.Empty)}. Failed: {summary.Failed}. Uncertain: {summary.Uncertain}. Left for a later run: {summary.Remaining}.");
        if (summary.OtherWorkers > 0)
        {
            console.Out.WriteLine($"In the hands of other workers (they finish them; `sora jobs` shows their state): {summary.OtherWorkers}.");
        }

        console.Out.WriteLine($"Resumed {resumed.Count} job(s) submitted by an earlier run{(resumed.Count > 0 ? ": " + string.Join(", ", resumed) : string.Empty)}.");
        console.Out.WriteLine($"Estimated cost of the succeeded videos: {(cost.Length > 0 ? cost : "unknown")}. Ledger: {ledgerPath}");
        if (summary.Uncertain > 0)
        {
            console.Out.WriteLine("Uncertain rows may exist (and be billed) at the gateway: check there, then rerun with --retry-uncertain only for those that do not.");
        }
    }

    /// <summary>One line per state change (plain or JSON), written as the change is recorded.</summary>
    private sealed class LineProgress(CliConsole console) : IProgress<VideoJobEntry>
    {
        private readonly Dictionary<string, (VideoJobEntryState, VideoJobStatus?)> _last = new(StringComparer.Ordinal);

        public void Report(VideoJobEntry value)
        {
            lock (_last)
            {
                var now = (value.State, value.JobStatus);
                if (_last.TryGetValue(value.Key, out var last) && last == now)
                {
                    return;
                }

                _last[value.Key] = now;
                if (console.Json)
                {
                    console.WriteJson(CliJson.Entry(value, "row"));
                }
                else if (!console.Quiet)
                {
                    var detail = value.State switch
                    {
                        VideoJobEntryState.Downloaded => value.File?.Path,
                        VideoJobEntryState.Failed or VideoJobEntryState.Uncertain => value.Error?.Message,
                        _ => value.JobStatus?.ToString().ToLowerInvariant(),
                    };
                    console.Out.WriteLine($"{value.Key} {value.State.ToString().ToLowerInvariant()} {value.Reference?.ToString() ?? "-"}{(detail is null ? string.Empty : " " + detail)}");
                }
            }
        }
    }
}
