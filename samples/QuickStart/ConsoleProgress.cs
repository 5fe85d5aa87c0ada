namespace SoraClient.Samples;

/// <summary>Draws a one-line progress bar on a terminal, or prints each change when output is redirected.</summary>
internal sealed class ConsoleProgress : IProgress<VideoJob>
{
    public void Report(VideoJob value)
    {
        var percent = value.Progress ?? 0;
        var bar = new string('#', percent / 5).PadRight(20, '.');
        var line = $"[{bar}] {percent,3}% {value.Status,-9} {value.Id}";
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(line);
        }
        else
        {
            Console.Write("\r" + line);
        }
    }
}
