namespace SoraClient.Cli;

/// <summary>The tool's exit codes; scripts rely on them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int JobFailed = 1;
    public const int Usage = 2;
    public const int ProviderError = 3;
    public const int WaitTimedOut = 4;
    public const int Interrupted = 130;
}
