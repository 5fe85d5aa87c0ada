using System.Text.Json.Nodes;
using Spectre.Console;

namespace SoraClient.Cli;

/// <summary>Where the tool writes: results to <see cref="Out"/>, progress and errors to <see cref="Error"/>; rich output only on a terminal.</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool isTerminal)
    {
        Out = output;
        Error = error;
        IsTerminal = isTerminal;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            Ansi.Profile.Width = 200; // redirected: no terminal to fit, keep table rows on one line
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Gets a value indicating whether a person is watching (output not redirected): progress bars and tables.</summary>
    public bool IsTerminal { get; }

    public IAnsiConsole Ansi { get; }

    public bool Json { get; set; }

    public bool Quiet { get; set; }

    /// <summary>Gets a value indicating whether live progress bars are drawn.</summary>
    public bool Rich => IsTerminal && !Json && !Quiet;

    /// <summary>A human line on the result stream (not with --json or --quiet).</summary>
    public void Info(string line)
    {
        if (!Json && !Quiet)
        {
            Out.WriteLine(line);
        }
    }

    /// <summary>A progress line: on the error stream, so redirected results stay clean.</summary>
    public void Progress(string line)
    {
        if (!Quiet)
        {
            Error.WriteLine(line);
        }
    }

    public void WriteJson(JsonNode node) => Out.WriteLine(node.ToJsonString());

    public void Fail(string message) => Error.WriteLine("error: " + message);
}
