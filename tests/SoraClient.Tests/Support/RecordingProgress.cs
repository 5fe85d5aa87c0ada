namespace SoraClient.Tests.Support;

/// <summary>A synchronous <see cref="IProgress{T}"/> (unlike <see cref="Progress{T}"/>, which posts to a context).</summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    public IList<T> Values { get; } = [];

    public void Report(T value) => Values.Add(value);
}
