namespace SoraClient.Jobs;

/// <summary>How <c>AddJobLedger</c> sets up the ledger: which store, and whether unfinished rows are resumed when the app starts.</summary>
public sealed class VideoJobLedgerOptions
{
    internal Func<IServiceProvider, IVideoJobLedger>? Factory { get; private set; }

    /// <summary>Gets or sets a value indicating whether a hosted service resumes every unfinished row when the app starts (each on the generator registered under the row's provider name).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ResumeOnStart { get; set; }

    /// <summary>Gets the settings of the runners that resume rows at start (output folder, concurrency, rate).</summary>
    public VideoJobRunnerOptions Runner { get; } = new();

    /// <summary>Keeps the ledger in an SQLite file.</summary>
    /// <param name="path">The file; created when missing.</param>
    /// <returns>These options.</returns>
    public VideoJobLedgerOptions UseSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return UseSqlite(o => o.Path = path);
    }

    /// <summary>Keeps the ledger in an SQLite file.</summary>
    /// <param name="configure">Sets the file and the busy timeout.</param>
    /// <returns>These options.</returns>
    public VideoJobLedgerOptions UseSqlite(Action<SqliteVideoJobLedgerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SqliteVideoJobLedgerOptions();
        configure(options);
        return Use(services => new SqliteVideoJobLedger(options, services.GetService(typeof(TimeProvider)) as TimeProvider));
    }

    /// <summary>Uses another ledger implementation.</summary>
    /// <param name="factory">Creates the ledger (once; it is a singleton).</param>
    /// <returns>These options.</returns>
    public VideoJobLedgerOptions Use(Func<IServiceProvider, IVideoJobLedger> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Factory = factory;
        return this;
    }
}
