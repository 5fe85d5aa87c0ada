using System.Collections.Concurrent;

namespace SoraClient.Emulator;

/// <summary>
/// The callbacks an emulator has POSTed (one per job that was submitted with a callback URL, when the job ends) and how
/// many it still has to send. Callbacks follow the emulator's clock: with a manual <see cref="TimeProvider"/> a job's
/// callback is sent while the clock is moved past the job's end. Each is tried once. Thread-safe.
/// </summary>
public sealed class EmulatorCallbacks
{
    private readonly ConcurrentQueue<EmulatorCallback> _sent = new();
    private Func<int> _pending = static () => 0;

    internal EmulatorCallbacks()
    {
    }

    /// <summary>Gets the callbacks sent so far, oldest first.</summary>
    public IReadOnlyList<EmulatorCallback> All => [.. _sent];

    /// <summary>Gets how many callbacks wait for their job to end.</summary>
    public int Pending => _pending();

    /// <summary>Counts the callbacks sent for one protocol (or all).</summary>
    /// <param name="protocol">A protocol name (see <see cref="EmulatorProtocols"/>), or <see langword="null"/> for all.</param>
    /// <returns>The number of callbacks.</returns>
    public int Count(string? protocol = null) =>
        _sent.Count(c => protocol is null || string.Equals(c.Protocol, protocol, StringComparison.OrdinalIgnoreCase));

    /// <summary>Forgets the callbacks sent so far (pending ones are still sent).</summary>
    public void Clear() => _sent.Clear();

    internal void Add(EmulatorCallback callback) => _sent.Enqueue(callback);

    internal void CountPendingWith(Func<int> pending) => _pending = pending;
}
