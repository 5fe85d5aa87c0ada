using Spectre.Console;

namespace SoraClient.Cli;

/// <summary>Shows a job's progress while it is waited on: a live bar on a terminal, one line per change otherwise.</summary>
internal static class JobProgress
{
    public static async Task<VideoJob> WaitAsync(CliConsole console, IVideoGenerator generator, VideoJob job, VideoWaitOptions options, CancellationToken cancellationToken)
    {
        if (!console.Rich)
        {
            var last = string.Empty;
            var lines = new SyncProgress<VideoJob>(state =>
            {
                var line = $"{state.Reference} {state.Status.ToString().ToLowerInvariant()}{(state.Progress is { } p ? $" {p}%" : string.Empty)}";
                lock (console)
                {
                    if (!string.Equals(line, last, StringComparison.Ordinal) && !console.Json)
                    {
                        last = line;
                        console.Progress(line);
                    }
                }
            });
            return await generator.WaitForCompletionAsync(job.Id, options, lines, cancellationToken).ConfigureAwait(false);
        }

        VideoJob? finished = null;
        await console.Ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape($"{job.Reference} {job.Status.ToString().ToLowerInvariant()}"), maxValue: 100);
                var bar = new SyncProgress<VideoJob>(state =>
                {
                    task.Description = Markup.Escape($"{state.Reference} {state.Status.ToString().ToLowerInvariant()}");
                    task.Value = state.Progress ?? task.Value;
                });
                finished = await generator.WaitForCompletionAsync(job.Id, options, bar, cancellationToken).ConfigureAwait(false);
                task.Value = 100;
                task.Description = Markup.Escape($"{finished.Reference} {finished.Status.ToString().ToLowerInvariant()}");
            }).ConfigureAwait(false);
        return finished!; // set inside the progress display, which has completed
    }

    public static async Task<(string Path, long Bytes)> DownloadAsync(CliConsole console, IVideoGenerator generator, VideoJob job, string? output, VideoAssetKind kind, CancellationToken cancellationToken)
    {
        var extension = kind switch { VideoAssetKind.Thumbnail => ".webp", VideoAssetKind.Spritesheet => ".jpg", _ => ".mp4" };
        var path = output ?? job.Id + extension;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var written = await generator.DownloadToFileAsync(job, path, kind: kind, cancellationToken: cancellationToken).ConfigureAwait(false);
        var bytes = new FileInfo(written).Length;
        console.Info($"Saved {bytes:N0} bytes to {written}");
        return (written, bytes);
    }
}
