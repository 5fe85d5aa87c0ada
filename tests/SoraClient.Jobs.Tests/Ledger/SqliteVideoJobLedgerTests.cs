using Microsoft.Data.Sqlite;
using SoraClient.Jobs.Sqlite;

namespace SoraClient.Jobs.Tests.Ledger;

/// <summary>The ledger contract on SQLite, plus what only a file can do wrong: old schemas, damage, locks.</summary>
public sealed class SqliteVideoJobLedgerTests : VideoJobLedgerContractTests
{
    private readonly TempFolder _folder = new();

    private string DatabasePath => _folder.File("jobs.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    protected override Task<IVideoJobLedger> CreateAsync(TimeProvider time) =>
        Task.FromResult<IVideoJobLedger>(new SqliteVideoJobLedger(new SqliteVideoJobLedgerOptions { Path = DatabasePath, BusyTimeout = TimeSpan.FromSeconds(1) }, time));

    [Fact]
    public async Task NewFile_IsCreatedInWalModeAtTheCurrentSchemaVersion()
    {
        var ledger = await OpenAsync();
        await ledger.ListAsync();

        Assert.Equal("wal", Pragma("journal_mode"));
        Assert.Equal((long)SqliteLedgerSchema.CurrentVersion, Pragma("user_version"));
        Assert.Equal((long)SqliteLedgerSchema.ApplicationId, Pragma("application_id"));
    }

    [Fact]
    public async Task PreviousSchemaVersion_IsMigratedAndKeepsItsRows()
    {
        using (var connection = Connect())
        {
            Execute(connection, SqliteLedgerSchema.Version1);
            Execute(connection, $"PRAGMA application_id = {SqliteLedgerSchema.ApplicationId}; PRAGMA user_version = 1;");
            Execute(connection, """
                INSERT INTO video_jobs (key, provider, state, request, job_id, job_status, progress, cost, currency, attempts, created_at, updated_at)
                VALUES ('row-1', 'openai', 'Submitted', '{"Prompt":"a fox","DurationSeconds":4}', 'video_1', 'Running', 30, '0.4', 'USD', 1, 1000, 2000)
                """);
        }

        var ledger = await OpenAsync();
        var entry = await ledger.GetAsync("row-1");

        Assert.Equal(2L, Pragma("user_version"));
        Assert.Equal(VideoJobEntryState.Submitted, entry!.State);
        Assert.Equal("a fox", entry.Request.Prompt);
        Assert.Equal(0.4m, entry.EstimatedCost);
        Assert.Null(entry.LeaseOwner);
        var history = await ledger.GetHistoryAsync("row-1");
        Assert.Equal("migrated from ledger schema version 1", Assert.Single(history).Message);
        Assert.True(await ledger.TryClaimAsync("row-1", "worker", TimeSpan.FromMinutes(1)));
        Assert.Equal(VideoJobEntryState.Succeeded, (await ledger.RecordJobAsync("row-1", Job("video_1", VideoJobStatus.Succeeded))).State);
    }

    [Fact]
    public async Task NewerSchemaVersion_IsAClearError()
    {
        using (var connection = Connect())
        {
            Execute(connection, $"PRAGMA application_id = {SqliteLedgerSchema.ApplicationId}; PRAGMA user_version = 99;");
        }

        var ledger = await OpenAsync();
        var error = await Assert.ThrowsAsync<VideoJobLedgerException>(() => ledger.ListAsync());

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptedFile_IsAClearErrorNamingTheFile()
    {
        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        await File.WriteAllBytesAsync(DatabasePath, garbage);

        var ledger = await OpenAsync();
        var error = await Assert.ThrowsAsync<VideoJobLedgerException>(() => ledger.GetOrAddAsync("row-1", "openai", Request(), cost: null));

        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged or is not an SQLite database", error.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public async Task AnotherSqliteDatabase_IsRefusedAsNotALedger()
    {
        using (var connection = Connect())
        {
            Execute(connection, "CREATE TABLE customers (id INTEGER PRIMARY KEY)");
        }

        var ledger = await OpenAsync();
        var error = await Assert.ThrowsAsync<VideoJobLedgerException>(() => ledger.ListAsync());

        Assert.Contains("not a SoraClient job ledger", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileLockedByAnotherConnection_IsAClearErrorAfterTheBusyTimeout()
    {
        var ledger = await OpenAsync();
        await ledger.GetOrAddAsync("row-1", "openai", Request(), cost: null);
        using var holder = Connect();
        Execute(holder, "BEGIN EXCLUSIVE");

        var error = await Assert.ThrowsAsync<VideoJobLedgerException>(() => ledger.RecordIntentAsync("row-1"));

        Assert.Contains("is locked by another process", error.Message, StringComparison.Ordinal);
        Execute(holder, "ROLLBACK");
        Assert.Equal(VideoJobEntryState.Submitting, (await ledger.RecordIntentAsync("row-1")).State);
    }

    [Fact]
    public void Options_BusyTimeoutUnderASecond_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new SqliteVideoJobLedger(new SqliteVideoJobLedgerOptions { Path = DatabasePath, BusyTimeout = TimeSpan.FromMilliseconds(10) }));
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Pragma(string name)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return command.ExecuteScalar();
    }
}
