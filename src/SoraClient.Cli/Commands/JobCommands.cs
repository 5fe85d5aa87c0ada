using System.CommandLine;

namespace SoraClient.Cli.Commands;

/// <summary><c>generate</c>, <c>submit</c>, <c>status</c>, <c>wait</c>, <c>download</c>, <c>remix</c>: one job at a time.</summary>
internal static class JobCommands
{

    public static IEnumerable<Command> Create(CliConsole console, CliOptions o)
    {
        var prompt = new Argument<string>("prompt") { Description = "What the video shows" };
        var variant = new Option<string>("--variant") { Description = "video, thumbnail or spritesheet", DefaultValueFactory = _ => "video" };
        variant.AcceptOnlyFromAmong("video", "thumbnail", "spritesheet");

        var generate = new Command("generate", "Submit a video, show its progress and download it");
        generate.Arguments.Add(prompt);
        Add(generate, [.. o.RequestOptions, o.Out]);
        generate.SetAction((parse, ct) => SoraCli.RunAsync(console, o, parse, ct, gateway => GenerateAsync(console, o, parse, gateway, parse.GetValue(prompt)!, null, ct)));

        var submit = new Command("submit", "Submit a video and print its job reference");
        submit.Arguments.Add(prompt);
        Add(submit, o.RequestOptions);
        submit.SetAction((parse, ct) => SoraCli.RunAsync(console, o, parse, ct, async gateway =>
        {
            var request = CliParsing.Request(parse, o, parse.GetValue(prompt)!);
            var job = await gateway.Generator.SubmitAsync(request, CliParsing.GenerationOptions(parse, o), ct).ConfigureAwait(false);
            Print(console, job, $"{job.Reference}");
            return ExitCodes.Success;
        }));

        var status = new Command("status", "Read a job's status once");
        status.Arguments.Add(JobArgument());
        status.SetAction((parse, ct) => SoraCli.RunAsync(console, o, parse, ct, async gateway =>
        {
            var job = await gateway.Generator.GetJobAsync(JobId(parse), ct).ConfigureAwait(false);
            Print(console, job, Describe(job));
            return job.Status is VideoJobStatus.Failed or VideoJobStatus.Canceled or VideoJobStatus.Expired ? ExitCodes.JobFailed : ExitCodes.Success;
        }, ReferenceProvider(parse)));

        var wait = new Command("wait", "Wait for a job to finish, then download it when --out is given");
        wait.Arguments.Add(JobArgument());
        wait.Options.Add(o.Out);
        wait.SetAction((parse, ct) => SoraCli.RunAsync(console, o, parse, ct, async gateway =>
        {
            var output = parse.GetValue(o.Out);
            var job = await gateway.Generator.GetJobAsync(JobId(parse), ct).ConfigureAwait(false);
            var done = await WaitOrInterruptAsync(console, gateway, job, output, CliParsing.WaitOptions(parse, o), ct).ConfigureAwait(false);
            if (done is null)
            {
                return ExitCodes.Interrupted;
            }

            (string Path, long Bytes)? file = output is null ? null : await JobProgress.DownloadAsync(console, gateway.Generator, done, output, VideoAssetKind.Video, ct).ConfigureAwait(false);
            Print(console, done, Describe(done), file);
            return ExitCodes.Success;
        }, ReferenceProvider(parse)));

        var download = new Command("download", "Download a finished job's video, thumbnail or spritesheet");
        download.Arguments.Add(JobArgument());
        download.Options.Add(o.Out);
        download.Options.Add(variant);
        download.SetAction((parse, ct) => SoraCli.RunAsync(console, o, parse, ct, async gateway =>
        {
            var job = await gateway.Generator.GetJobAsync(JobId(parse), ct).ConfigureAwait(false);
            if (job.Status != VideoJobStatus.Succeeded)
            {
                Print(console, job, Describe(job));
                console.Fail($"{job.Reference} is {job.Status.ToString().ToLowerInvariant()}; only a succeeded job can be downloaded.");
                return job.IsTerminal ? ExitCodes.JobFailed : ExitCodes.WaitTimedOut;
            }

            var kind = Enum.Parse<VideoAssetKind>(parse.GetValue(variant)!, ignoreCase: true);
            var file = await JobProgress.DownloadAsync(console, gateway.Generator, job, parse.GetValue(o.Out), kind, ct).ConfigureAwait(false);
            Print(console, job, null, file);
            return ExitCodes.Success;
        }, ReferenceProvider(parse)));

        var remixPrompt = new Argument<string>("prompt") { Description = "What to change" };
        var remix = new Command("remix", "Make a new video from a finished one and a prompt, then wait and download it");
        remix.Arguments.Add(JobArgument());
        remix.Arguments.Add(remixPrompt);
        Add(remix, [.. o.RequestOptions, o.Out]);
        remix.SetAction((parse, ct) => SoraCli.RunAsync(console, o, parse, ct,
            gateway => GenerateAsync(console, o, parse, gateway, parse.GetValue(remixPrompt)!, JobId(parse), ct), ReferenceProvider(parse)));

        return [generate, submit, status, wait, download, remix];
    }

    public static Argument<string> JobArgument() => new("job") { Description = "The job: provider:id (e.g. openai:video_123), or an id with --provider" };

    public static string JobId(ParseResult parse)
    {
        var value = parse.GetValue<string>("job")!;
        return VideoJobReference.TryParse(value, out var reference) ? reference.JobId : value;
    }

    public static string? ReferenceProvider(ParseResult parse) =>
        VideoJobReference.TryParse(parse.GetValue<string>("job"), out var reference) ? reference.Provider : null;

    private static async Task<int> GenerateAsync(CliConsole console, CliOptions o, ParseResult parse, Gateway gateway, string prompt, string? remixOf, CancellationToken cancellationToken)
    {
        var request = CliParsing.Request(parse, o, prompt);
        request.RemixOf = remixOf;
        var options = CliParsing.GenerationOptions(parse, o);
        var output = parse.GetValue(o.Out);
        var cost = gateway.Generator.EstimateCost(request, options);
        if (gateway.Emulator is not null)
        {
            console.Progress($"Using the built-in emulator at {gateway.Emulator.BaseAddress} (no account, no cost).");
        }

        if (cost is not null)
        {
            console.Progress($"Estimated cost: {cost.Amount:0.00} {cost.Currency} ({cost.Settings.DurationSeconds} s at {cost.Settings.Size}, {cost.Settings.Model})");
        }

        var job = await gateway.Generator.SubmitAsync(request, options, cancellationToken).ConfigureAwait(false);
        console.Progress($"Submitted {job.Reference}");
        var done = await WaitOrInterruptAsync(console, gateway, job, output, CliParsing.WaitOptions(parse, o), cancellationToken).ConfigureAwait(false);
        if (done is null)
        {
            return ExitCodes.Interrupted;
        }

        var file = await JobProgress.DownloadAsync(console, gateway.Generator, done, output, VideoAssetKind.Video, cancellationToken).ConfigureAwait(false);
        if (console.Json)
        {
            console.WriteJson(CliJson.Job(done, file.Path, file.Bytes, cost));
        }

        return ExitCodes.Success;
    }

    /// <summary>Waits; on Ctrl+C prints the job reference and how to resume, and returns <see langword="null"/>.</summary>
    private static async Task<VideoJob?> WaitOrInterruptAsync(CliConsole console, Gateway gateway, VideoJob job, string? output, VideoWaitOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await JobProgress.WaitAsync(console, gateway.Generator, job, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var resume = gateway.Emulator is null ? gateway.ResumeCommand(job.Reference, output) : "(the in-process emulator stops with this command)";
            console.Error.WriteLine($"Interrupted. The job {job.Reference} goes on at the gateway; resume with: {resume}");
            if (console.Json)
            {
                var json = CliJson.Job(job);
                json["interrupted"] = true;
                console.WriteJson(json);
            }

            return null;
        }
    }

    private static string Describe(VideoJob job) =>
        $"{job.Reference} {job.Status.ToString().ToLowerInvariant()}{(job.Progress is { } p ? $" {p}%" : string.Empty)}{(job.Error is { } e ? $": {e.Message}" : string.Empty)}";

    private static void Print(CliConsole console, VideoJob job, string? line, (string Path, long Bytes)? file = null)
    {
        if (console.Json)
        {
            console.WriteJson(CliJson.Job(job, file?.Path, file?.Bytes));
        }
        else if (line is not null)
        {
            console.Out.WriteLine(line);
        }
    }

    private static void Add(Command command, IEnumerable<Option> options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }
}
