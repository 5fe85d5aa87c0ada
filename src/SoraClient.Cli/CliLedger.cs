using SoraClient.Jobs;

namespace SoraClient.Cli;

/// <summary>
/// The ledger a <c>--ledger</c> value names: a PostgreSQL connection string (it contains <c>=</c>, e.g.
/// <c>Host=db;Database=studio;Username=sora</c>), shared by workers on several machines, or else an SQLite file.
/// </summary>
internal sealed class CliLedger : IAsyncDisposable
{
    private CliLedger(IVideoJobLedger ledger, string description, bool shared)
    {
        Ledger = ledger;
        Description = description;
        IsShared = shared;
    }

    public IVideoJobLedger Ledger { get; }

    /// <summary>Gets where the ledger lives, for messages: the file, or host, port, database and schema (never a password).</summary>
    public string Description { get; }

    /// <summary>Gets a value indicating whether other machines may work on the same rows (PostgreSQL).</summary>
    public bool IsShared { get; }

    public static CliLedger Open(string value)
    {
        if (value.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                var ledger = new PostgreSqlVideoJobLedger(value);
                return new CliLedger(ledger, $"postgresql://{ledger.Database} (schema {ledger.Schema})", shared: true);
            }
            catch (ArgumentException exception)
            {
                throw new CliUsageException("--ledger looks like a PostgreSQL connection string but cannot be read: " + exception.Message.Replace(value, "<connection string>", StringComparison.Ordinal), exception);
            }
        }

        var path = Path.GetFullPath(value);
        return new CliLedger(new SqliteVideoJobLedger(path), path, shared: false);
    }

    public ValueTask DisposeAsync() => ((IAsyncDisposable)Ledger).DisposeAsync();
}
