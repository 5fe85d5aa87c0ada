namespace SoraClient.Jobs;

/// <summary>Settings of a <see cref="SqliteVideoJobLedger"/>.</summary>
public sealed class SqliteVideoJobLedgerOptions
{
    /// <summary>Gets or sets the ledger file; it is created, with its folder, when missing.</summary>
    /// <value>The default value is <c>jobs.db</c> in the current folder.</value>
    public string Path { get; set; } = "jobs.db";

    /// <summary>Gets or sets how long a write waits for another process that holds the file's lock before it fails.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
