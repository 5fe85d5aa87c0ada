namespace SoraClient.Cli;

/// <summary>Reports on the caller's thread (unlike <see cref="Progress{T}"/>), so progress lines are written in order and before the command's result.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
