using System.Collections.Immutable;

namespace SoraClient.Emulator;

/// <summary>
/// The faults an emulator injects. Each request uses up at most one fault: the first active one, in the order they
/// were added, whose protocol, method and path match. Job faults (<see cref="EmulatorFaultKind.FailJob"/>,
/// <see cref="EmulatorFaultKind.ExpireJob"/>) are used up only by requests that create a job. Thread-safe.
/// </summary>
public sealed class EmulatorFaults
{
    private ImmutableList<EmulatorFault> _faults = [];

    internal EmulatorFaults()
    {
    }

    /// <summary>Gets every fault added and not removed, including the ones that are used up.</summary>
    public IReadOnlyList<EmulatorFault> All => Volatile.Read(ref _faults);

    /// <summary>Adds a fault after the existing ones.</summary>
    /// <param name="fault">The fault.</param>
    /// <returns>The same fault, whose <see cref="EmulatorFault.Hits"/> and <see cref="EmulatorFault.Remaining"/> show its use.</returns>
    public EmulatorFault Add(EmulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ImmutableInterlocked.Update(ref _faults, static (list, item) => list.Add(item), fault);
        return fault;
    }

    /// <summary>Removes a fault.</summary>
    /// <param name="fault">The fault.</param>
    /// <returns><see langword="true"/> if the fault was present.</returns>
    public bool Remove(EmulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var removed = false;
        ImmutableInterlocked.Update(ref _faults, list =>
        {
            var next = list.Remove(fault, ReferenceEqualityComparer.Instance);
            removed = next.Count != list.Count;
            return next;
        });
        return removed;
    }

    /// <summary>Removes every fault.</summary>
    public void Clear() => Volatile.Write(ref _faults, []);

    /// <summary>Uses up the first matching request fault (anything but a job fault).</summary>
    internal EmulatorFault? TakeRequestFault(string protocol, string method, string path) =>
        Take(protocol, method, path, jobFaults: false);

    /// <summary>Uses up the first matching job fault, for a request that is creating a job.</summary>
    internal EmulatorFault? TakeJobFault(string protocol, string method, string path) =>
        Take(protocol, method, path, jobFaults: true);

    private EmulatorFault? Take(string protocol, string method, string path, bool jobFaults)
    {
        foreach (var fault in Volatile.Read(ref _faults))
        {
            var isJobFault = fault.Kind is EmulatorFaultKind.FailJob or EmulatorFaultKind.ExpireJob;
            if (isJobFault == jobFaults && fault.Matches(protocol, method, path) && fault.TryUse())
            {
                return fault;
            }
        }

        return null;
    }
}
