using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoraClient.Jobs.Internal;
using SoraClient.Jobs.Sqlite;

namespace SoraClient.Jobs;

/// <summary>
/// The embedded <see cref="IVideoJobLedger"/>: one SQLite file in WAL mode, safe for several threads of one process
/// (and several processes on one machine), with its schema created and migrated by the library.
/// </summary>
/// <example>
/// <code>
/// await using var ledger = new SqliteVideoJobLedger("jobs.db");
/// var runner = new VideoJobRunner(ledger, generator, new VideoJobRunnerOptions { OutputDirectory = "videos" });
/// </code>
/// </example>
public sealed class SqliteVideoJobLedger : IVideoJobLedger, IAsyncDisposable, IDisposable
{
    private const string Columns = "key, provider, state, request, job_id, job_status, progress, error_code, error_message, error_category, file_path, file_bytes, file_sha256, cost, currency, attempts, created_at, updated_at, lease_owner, lease_expires_at";
    private static readonly string s_unfinished = $"state NOT IN ('{VideoJobEntryState.Downloaded}', '{VideoJobEntryState.Failed}')";

    private readonly string _path;
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly TimeProvider _time;

    // Writers of this process queue here rather than spin on SQLite's file lock; BEGIN IMMEDIATE guards against other processes.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Initializes a new instance of the <see cref="SqliteVideoJobLedger"/> class.</summary>
    /// <param name="path">The ledger file; created when missing.</param>
    /// <param name="timeProvider">The clock for timestamps and leases; <see langword="null"/> for the system clock.</param>
    public SqliteVideoJobLedger(string path, TimeProvider? timeProvider = null)
        : this(new SqliteVideoJobLedgerOptions { Path = path }, timeProvider)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SqliteVideoJobLedger"/> class.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock for timestamps and leases; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public SqliteVideoJobLedger(SqliteVideoJobLedgerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, nameof(options));
        if (options.BusyTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"{nameof(SqliteVideoJobLedgerOptions.BusyTimeout)} must be at least 1 second (SQLite counts it in whole seconds).", nameof(options));
        }

        _path = System.IO.Path.GetFullPath(options.Path);
        _busyTimeout = options.BusyTimeout;
        _time = timeProvider ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(_busyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>Gets the full path of the ledger file.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    public Task<VideoJobEntry> GetOrAddAsync(string key, string provider, VideoJobRequest request, VideoCostEstimate? cost, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync(connection =>
        {
            if (Read(connection, key) is { } existing)
            {
                return existing;
            }

            var now = _time.GetUtcNow();
            var entry = new VideoJobEntry
            {
                Key = key,
                Provider = provider,
                State = VideoJobEntryState.Pending,
                Request = cost is null ? request : request.WithEffective(cost.Settings),
                EstimatedCost = cost?.Amount,
                Currency = cost?.Currency,
                CreatedAt = now,
                UpdatedAt = now,
            };
            using var insert = Command(connection, $"INSERT INTO video_jobs ({Columns}) VALUES (@key, @provider, @state, @request, @job_id, @job_status, @progress, @error_code, @error_message, @error_category, @file_path, @file_bytes, @file_sha256, @cost, @currency, @attempts, @created_at, @updated_at, NULL, NULL)");
            Bind(insert, entry);
            insert.ExecuteNonQuery();
            AddEvent(connection, entry, "added");
            return entry;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<VideoJobEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return ReadAsync(connection => Read(connection, key), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<VideoJobEntry>> ListAsync(IReadOnlyCollection<VideoJobEntryState>? states = null, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<VideoJobEntry>>(connection =>
        {
            var filter = states is null ? string.Empty : $"WHERE state IN ({string.Join(", ", states.Select(s => $"'{s}'"))})";
            using var command = Command(connection, $"SELECT {Columns} FROM video_jobs {filter} ORDER BY rowid");
            return ReadAll(command);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<VideoJobEvent>> GetHistoryAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return ReadAsync<IReadOnlyList<VideoJobEvent>>(connection =>
        {
            using var command = Command(connection, "SELECT key, at, state, job_status, progress, message FROM video_job_events WHERE key = @key ORDER BY id");
            command.Parameters.AddWithValue("@key", key);
            using var reader = command.ExecuteReader();
            var events = new List<VideoJobEvent>();
            while (reader.Read())
            {
                events.Add(new VideoJobEvent
                {
                    Key = reader.GetString(0),
                    Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    State = Enum.Parse<VideoJobEntryState>(reader.GetString(2)),
                    JobStatus = reader.IsDBNull(3) ? null : Enum.Parse<VideoJobStatus>(reader.GetString(3)),
                    Progress = reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    Message = reader.IsDBNull(5) ? null : reader.GetString(5),
                });
            }

            return events;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> TryClaimAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ValidateLease(owner, lease);
        return WriteAsync(connection =>
        {
            var now = _time.GetUtcNow();
            using var command = Command(connection, "UPDATE video_jobs SET lease_owner = @owner, lease_expires_at = @expires WHERE key = @key AND (lease_owner IS NULL OR lease_owner = @owner OR lease_expires_at <= @now)");
            command.Parameters.AddWithValue("@owner", owner);
            command.Parameters.AddWithValue("@expires", (now + lease).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@key", key);
            return command.ExecuteNonQuery() == 1 || (Read(connection, key) is null ? throw new KeyNotFoundException($"The job ledger has no row '{key}'.") : false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<VideoJobEntry>> ClaimAsync(string owner, int maxCount, TimeSpan lease, string? provider = null, CancellationToken cancellationToken = default)
    {
        ValidateLease(owner, lease);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return WriteAsync<IReadOnlyList<VideoJobEntry>>(connection =>
        {
            var now = _time.GetUtcNow();
            using var command = Command(connection, $"""
                UPDATE video_jobs SET lease_owner = @owner, lease_expires_at = @expires
                WHERE rowid IN (SELECT rowid FROM video_jobs
                    WHERE {s_unfinished} AND (@provider IS NULL OR provider = @provider)
                      AND (lease_owner IS NULL OR lease_owner = @owner OR lease_expires_at <= @now)
                    ORDER BY rowid LIMIT @max)
                RETURNING {Columns}
                """);
            command.Parameters.AddWithValue("@owner", owner);
            command.Parameters.AddWithValue("@expires", (now + lease).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@provider", (object?)provider ?? DBNull.Value);
            command.Parameters.AddWithValue("@max", maxCount);
            return [.. ReadAll(command).OrderBy(e => e.CreatedAt)];
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return WriteAsync(connection =>
        {
            using var command = Command(connection, "UPDATE video_jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE key = @key AND lease_owner = @owner");
            command.Parameters.AddWithValue("@key", key);
            command.Parameters.AddWithValue("@owner", owner);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<VideoJobEntry> RecordIntentAsync(string key, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, LedgerTransitions.Intent, cancellationToken);

    /// <inheritdoc/>
    public Task<VideoJobEntry> RecordSubmittedAsync(string key, VideoJob job, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, (entry, now) => LedgerTransitions.Submitted(entry, job, now), cancellationToken);

    /// <inheritdoc/>
    public Task<VideoJobEntry> RecordUncertainAsync(string key, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, (entry, now) => LedgerTransitions.Uncertain(entry, reason, now), cancellationToken);

    /// <inheritdoc/>
    public Task<VideoJobEntry> RecordRefusedAsync(string key, VideoJobError refusal, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, (entry, now) => LedgerTransitions.Refused(entry, refusal, now), cancellationToken);

    /// <inheritdoc/>
    public Task<VideoJobEntry> RecordJobAsync(string key, VideoJob job, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, (entry, now) => LedgerTransitions.Job(entry, job, now), cancellationToken);

    /// <inheritdoc/>
    public Task<VideoJobEntry> RecordFailedAsync(string key, VideoJobError failure, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, (entry, now) => LedgerTransitions.Failed(entry, failure, now), cancellationToken);

    /// <inheritdoc/>
    public Task<VideoJobEntry> RecordDownloadedAsync(string key, VideoJobFile file, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, (entry, now) => LedgerTransitions.Downloaded(entry, file, now), cancellationToken);

    /// <summary>Releases the file: pooled connections are closed, so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _writeLock.Dispose();
        _initLock.Dispose();
    }

    /// <summary>Releases the file: pooled connections are closed, so the file can be moved or deleted.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > 512)
        {
            throw new ArgumentException("A job ledger key must be at most 512 characters.", nameof(key));
        }
    }

    private static void ValidateLease(string owner, TimeSpan lease)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
    }

    private Task<VideoJobEntry> ChangeAsync(string key, Func<VideoJobEntry, DateTimeOffset, (VideoJobEntry Entry, string Message)> step, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        return WriteAsync(connection =>
        {
            var current = Read(connection, key) ?? throw new KeyNotFoundException($"The job ledger has no row '{key}'.");
            var (entry, message) = step(current, _time.GetUtcNow());
            using var update = Command(connection, """
                UPDATE video_jobs SET state = @state, request = @request, job_id = @job_id, job_status = @job_status, progress = @progress,
                    error_code = @error_code, error_message = @error_message, error_category = @error_category,
                    file_path = @file_path, file_bytes = @file_bytes, file_sha256 = @file_sha256, cost = @cost, currency = @currency,
                    attempts = @attempts, updated_at = @updated_at
                WHERE key = @key
                """);
            Bind(update, entry);
            update.ExecuteNonQuery();
            AddEvent(connection, entry, message);
            return entry;
        }, cancellationToken);
    }

    private static void AddEvent(SqliteConnection connection, VideoJobEntry entry, string message)
    {
        using var command = Command(connection, "INSERT INTO video_job_events (key, at, state, job_status, progress, message) VALUES (@key, @at, @state, @job_status, @progress, @message)");
        command.Parameters.AddWithValue("@key", entry.Key);
        command.Parameters.AddWithValue("@at", entry.UpdatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@state", entry.State.ToString());
        command.Parameters.AddWithValue("@job_status", (object?)entry.JobStatus?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("@progress", (object?)entry.Progress ?? DBNull.Value);
        command.Parameters.AddWithValue("@message", message);
        command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, VideoJobEntry entry)
    {
        static object Value(object? value) => value ?? DBNull.Value;
        var parameters = command.Parameters;
        parameters.AddWithValue("@key", entry.Key);
        parameters.AddWithValue("@provider", entry.Provider);
        parameters.AddWithValue("@state", entry.State.ToString());
        parameters.AddWithValue("@request", JsonSerializer.Serialize(entry.Request, JobsJsonContext.Default.VideoJobRequest));
        parameters.AddWithValue("@job_id", Value(entry.JobId));
        parameters.AddWithValue("@job_status", Value(entry.JobStatus?.ToString()));
        parameters.AddWithValue("@progress", Value(entry.Progress));
        parameters.AddWithValue("@error_code", Value(entry.Error?.Code));
        parameters.AddWithValue("@error_message", Value(entry.Error?.Message));
        parameters.AddWithValue("@error_category", Value(entry.Error?.Category.ToString()));
        parameters.AddWithValue("@file_path", Value(entry.File?.Path));
        parameters.AddWithValue("@file_bytes", Value(entry.File?.Length));
        parameters.AddWithValue("@file_sha256", Value(entry.File?.Sha256));
        parameters.AddWithValue("@cost", Value(entry.EstimatedCost?.ToString(CultureInfo.InvariantCulture)));
        parameters.AddWithValue("@currency", Value(entry.Currency));
        parameters.AddWithValue("@attempts", entry.Attempts);
        parameters.AddWithValue("@created_at", entry.CreatedAt.ToUnixTimeMilliseconds());
        parameters.AddWithValue("@updated_at", entry.UpdatedAt.ToUnixTimeMilliseconds());
    }

    private static VideoJobEntry? Read(SqliteConnection connection, string key)
    {
        using var command = Command(connection, $"SELECT {Columns} FROM video_jobs WHERE key = @key");
        command.Parameters.AddWithValue("@key", key);
        return ReadAll(command) is [var entry] ? entry : null;
    }

    private static List<VideoJobEntry> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var entries = new List<VideoJobEntry>();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            entries.Add(new VideoJobEntry
            {
                Key = reader.GetString(0),
                Provider = reader.GetString(1),
                State = Enum.Parse<VideoJobEntryState>(reader.GetString(2)),
                Request = JsonSerializer.Deserialize(reader.GetString(3), JobsJsonContext.Default.VideoJobRequest)
                    ?? throw new VideoJobLedgerException($"The job ledger row '{reader.GetString(0)}' has no request."),
                JobId = Text(4),
                JobStatus = Text(5) is { } status ? Enum.Parse<VideoJobStatus>(status) : null,
                Progress = reader.IsDBNull(6) ? null : reader.GetInt32(6),
                Error = Text(8) is { } message ? new VideoJobError(Text(7), message, Text(9) is { } category ? Enum.Parse<VideoErrorCategory>(category) : VideoErrorCategory.Unknown) : null,
                File = Text(10) is { } path ? new VideoJobFile(path, reader.GetInt64(11), reader.GetString(12)) : null,
                EstimatedCost = Text(13) is { } cost ? decimal.Parse(cost, CultureInfo.InvariantCulture) : null,
                Currency = Text(14),
                Attempts = reader.GetInt32(15),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(16)),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(17)),
                LeaseOwner = Text(18),
                LeaseExpiresAt = reader.IsDBNull(19) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(19)),
            });
        }

        return entries;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return Run(read);
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Run(connection =>
            {
                using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: take the write lock now
                var result = write(connection);
                transaction.Commit();
                return result;
            });
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private T Run<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return work(connection);
        }
        catch (SqliteException exception)
        {
            throw Translate(exception);
        }
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                if (System.IO.Path.GetDirectoryName(_path) is { Length: > 0 } folder)
                {
                    Directory.CreateDirectory(folder);
                }

                Run(Initialize);
                _initialized = true;
            }
        }
        finally
        {
            _initLock.Release();
        }
    }

    private int Initialize(SqliteConnection connection)
    {
        long Scalar(string sql)
        {
            using var command = Command(connection, sql);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        var applicationId = Scalar("PRAGMA application_id");
        var version = (int)Scalar("PRAGMA user_version");
        if (applicationId != SqliteLedgerSchema.ApplicationId && (applicationId != 0 || Scalar("SELECT count(*) FROM sqlite_master") != 0))
        {
            throw new VideoJobLedgerException($"The file '{_path}' is an SQLite database but not a SoraClient job ledger. Pass another ledger file.");
        }

        if (version > SqliteLedgerSchema.CurrentVersion)
        {
            throw new VideoJobLedgerException($"The job ledger '{_path}' has schema version {version}, written by a newer SoraClient.Jobs; this version reads up to {SqliteLedgerSchema.CurrentVersion}. Upgrade SoraClient.Jobs.");
        }

        using (var wal = Command(connection, "PRAGMA journal_mode = WAL"))
        {
            wal.ExecuteNonQuery();
        }

        if (version == SqliteLedgerSchema.CurrentVersion)
        {
            return version;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        version = (int)Scalar("PRAGMA user_version"); // another process may have migrated it meanwhile
        for (; version < SqliteLedgerSchema.CurrentVersion; version++)
        {
            using var migrate = Command(connection, SqliteLedgerSchema.Scripts[version]);
            migrate.ExecuteNonQuery();
        }

        using (var mark = Command(connection, FormattableString.Invariant($"PRAGMA application_id = {SqliteLedgerSchema.ApplicationId}; PRAGMA user_version = {version}")))
        {
            mark.ExecuteNonQuery();
        }

        transaction.Commit();
        return version;
    }

    private VideoJobLedgerException Translate(SqliteException exception) => exception.SqliteErrorCode switch
    {
        // SQLITE_BUSY, SQLITE_LOCKED
        5 or 6 => new VideoJobLedgerException($"The job ledger '{_path}' is locked by another process or connection (waited {_busyTimeout.TotalSeconds:0} s). Stop the other process, or use another ledger file.", exception),
        // SQLITE_CORRUPT, SQLITE_NOTADB
        11 or 26 => new VideoJobLedgerException($"The job ledger '{_path}' is damaged or is not an SQLite database ({exception.Message}). Move it away to start a new ledger; the jobs it recorded can still be resumed by reference (provider:id).", exception),
        // SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_IOERR, SQLITE_PERM
        14 or 8 or 10 or 3 => new VideoJobLedgerException($"The job ledger '{_path}' cannot be opened for writing ({exception.Message}).", exception),
        _ => new VideoJobLedgerException($"The job ledger '{_path}' failed: {exception.Message}", exception),
    };
}
