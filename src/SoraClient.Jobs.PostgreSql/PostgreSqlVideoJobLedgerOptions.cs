using System.Text.RegularExpressions;

namespace SoraClient.Jobs;

/// <summary>Settings of a <see cref="PostgreSqlVideoJobLedger"/>.</summary>
public sealed partial class PostgreSqlVideoJobLedgerOptions
{
    /// <summary>Gets or sets the Npgsql connection string, e.g. <c>Host=db;Database=studio;Username=sora;Password=...</c>.</summary>
    /// <value>The default value is <see langword="null"/>: it must be set.</value>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets the schema the ledger's tables live in; the library creates and migrates it. Several independent
    /// ledgers can share one database under different schemas.
    /// </summary>
    /// <value>The default value is <c>sora_jobs</c>. Lower-case letters, digits and underscores, starting with a letter or underscore, at most 63.</value>
    public string Schema { get; set; } = "sora_jobs";

    /// <summary>
    /// Gets or sets the most jobs of one provider registration that may be in flight at the gateway at once, across every
    /// worker on this ledger (rows recorded as submitting or submitted), or <see langword="null"/> for no limit. An intent
    /// to submit beyond it is refused (<see cref="VideoJobLedgerCapacityException"/>) and <see cref="VideoJobRunner"/> tries
    /// again when a row changes. Every worker of a batch should use the same value: each one enforces the value it has.
    /// </summary>
    /// <value>The default value is <see langword="null"/>. At least 1.</value>
    public int? MaxJobsInFlight { get; set; }

    internal void Validate(string parameterName)
    {
        if (MaxJobsInFlight is < 1)
        {
            throw new ArgumentException($"{nameof(MaxJobsInFlight)} must be at least 1 (or null for no limit), not {MaxJobsInFlight}.", parameterName);
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException($"{nameof(ConnectionString)} must be set (Host=...;Database=...;Username=...).", parameterName);
        }

        if (Schema is null || !SchemaName().IsMatch(Schema))
        {
            throw new ArgumentException($"{nameof(Schema)} '{Schema}' is not a plain PostgreSQL name: use lower-case letters, digits and underscores, starting with a letter or underscore, at most 63.", parameterName);
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SchemaName();
}
