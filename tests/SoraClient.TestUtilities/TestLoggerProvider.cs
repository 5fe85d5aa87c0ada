using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace SoraClient.Testing;

/// <summary>
/// Captures every log entry at every level (Trace included) in a <see cref="FakeLogCollector"/>, through
/// <see cref="FakeLoggerProvider"/>. This thin wrapper stays because the SDK takes an <see cref="ILoggerFactory"/>
/// (FakeLoggerProvider is only a provider) and the tests search one formatted line per entry: level, category,
/// message, structured properties and exception.
/// </summary>
public sealed class TestLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly FakeLoggerProvider _provider = new(new FakeLogCollector());

    /// <summary>The records, for assertions on a level, an event id or a property.</summary>
    public FakeLogCollector Collector => _provider.Collector;

    public IReadOnlyList<string> Entries => [.. Collector.GetSnapshot().Select(Format)];

    public string AllText => string.Join(Environment.NewLine, Entries);

    public ILogger CreateLogger(string categoryName) => _provider.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose() => _provider.Dispose();

    private static string Format(FakeLogRecord record)
    {
        // the caller's state with each value's own ToString, as before. FakeLogRecord.StructuredState would expand
        // collections, and so show the raw Authorization value that M.E.Http's Trace "Request Headers" entry carries in
        // its state (its message is redacted): a known issue of the SDK's HTTP logging, to be fixed there, not here
        var properties = record.State is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
        return $"{record.Level} {record.Category}: {record.Message} [{properties}] {record.Exception}";
    }
}
