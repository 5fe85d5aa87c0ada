using System.Collections.Concurrent;
using SoraClient.Emulator.Faults;

namespace SoraClient.Emulator;

/// <summary>The most recent requests an emulator received (up to <see cref="Capacity"/>), oldest first. Thread-safe.</summary>
public sealed class EmulatorRequestLog
{
    private readonly ConcurrentQueue<EmulatorRequest> _requests = new();

    internal EmulatorRequestLog(int capacity) => Capacity = capacity;

    /// <summary>Gets how many requests are kept (<see cref="SoraEmulatorOptions.RequestLogCapacity"/>); older ones are dropped.</summary>
    public int Capacity { get; }

    /// <summary>Gets a snapshot of the recorded requests, oldest first.</summary>
    public IReadOnlyList<EmulatorRequest> All => [.. _requests];

    /// <summary>Counts recorded requests that match, with the same rules as <see cref="EmulatorFault.For"/>.</summary>
    /// <param name="protocol">A protocol name, or <see langword="null"/> for any.</param>
    /// <param name="method">An HTTP method, or <see langword="null"/> for any.</param>
    /// <param name="path">A path pattern relative to the protocol's prefix (<c>*</c> one segment, <c>**</c> any), or <see langword="null"/> for any.</param>
    /// <returns>The number of matching requests.</returns>
    public int Count(string? protocol = null, string? method = null, string? path = null)
    {
        var pattern = path is null ? null : PathPattern.Normalize(path);
        return _requests.Count(request =>
            (protocol is null || string.Equals(protocol, request.Protocol, StringComparison.OrdinalIgnoreCase))
            && (method is null || string.Equals(method, request.Method, StringComparison.OrdinalIgnoreCase))
            && (pattern is null || PathPattern.IsMatch(pattern, request.Path)));
    }

    /// <summary>Forgets every recorded request.</summary>
    public void Clear() => _requests.Clear();

    internal void Add(EmulatorRequest request)
    {
        _requests.Enqueue(request);
        while (_requests.Count > Capacity && _requests.TryDequeue(out _))
        {
        }
    }
}
