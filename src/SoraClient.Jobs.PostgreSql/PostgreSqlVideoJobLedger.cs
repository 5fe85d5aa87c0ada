using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SoraClient.Jobs.Internal;
using SoraClient.Jobs.PostgreSql;

namespace SoraClient.Jobs;

/// <summary>
/// The shared <see cref="IVideoJobLedger"/>: one PostgreSQL schema that workers on several machines use at once. Every
/// step locks its row (<c>SELECT ... FOR UPDATE</c>) and checks the transition, so two workers cannot both record an
/// intent; <see cref="ClaimAsync"/> takes rows with <c>FOR UPDATE SKIP LOCKED</c> under leases, and a dead worker's rows
/// are taken over when its lease ends. Each change is published with <c>NOTIFY</c> (<see cref="ListenAsync"/>), and
/// <see cref="CreateRateLimiter"/> gives one request rate across every worker. The schema is created and migrated by
/// the library.
/// </summary>
/// <example>
/// <code>
/// await using var ledger = new PostgreSqlVideoJobLedger("Host=db;Database=studio;Username=sora;Password=...");
/// using var limiter = ledger.CreateRateLimiter("openai", requestsPerSecond: 2);
/// using var generator = new OpenAIVideoGenerator(http, new OpenAIOptions { ApiKey = key, RateLimiter = limiter });
/// using var runner = new VideoJobRunner(ledger, generator, new VideoJobRunnerOptions { OutputDirectory = "videos" });
/// </code>
/// </example>
public sealed class PostgreSqlVideoJobLedger : IVideoJobLedger, IVideoJobLedgerChangeFeed, IAsyncDisposable, IDisposable
{
    private const string Columns = "key, provider, state, request, job_id, job_status, progress, error_code, error_message, error_category, file_path, file_bytes, file_sha256, cost, currency, attempts, created_at, updated_at, lease_owner, lease_expires_at";
    private const string Unfinished = "state NOT IN ('Downloaded', 'Failed')";

    /// <summary>How long a step keeps trying to reach a database that went away (a restart takes seconds).</summary>
    private static readonly TimeSpan s_reconnectFor = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _table;
    private readonly string _events;
    private readonly string _where;
    private readonly TimeProvider _time;
    private readonly int? _maxJobsInFlight;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlVideoJobLedger"/> class with the default schema (<c>sora_jobs</c>).</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="timeProvider">The clock for timestamps, leases and the rate limit; <see langword="null"/> for the system clock.</param>
    public PostgreSqlVideoJobLedger(string connectionString, TimeProvider? timeProvider = null)
        : this(new PostgreSqlVideoJobLedgerOptions { ConnectionString = connectionString }, timeProvider)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlVideoJobLedger"/> class.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock for timestamps, leases and the rate limit; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public PostgreSqlVideoJobLedger(PostgreSqlVideoJobLedgerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(nameof(options));
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException("The PostgreSQL connection string cannot be read: " + exception.Message, nameof(options), exception);
        }

        _dataSource = NpgsqlDataSource.Create(builder);
        Schema = options.Schema;
        Database = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        Channel = Schema + "_video_jobs";
        _schema = "\"" + Schema + "\"";
        _table = _schema + ".video_jobs";
        _events = _schema + ".video_job_events";
        _where = "key = @key";
        _time = timeProvider ?? TimeProvider.System;
        _maxJobsInFlight = options.MaxJobsInFlight;
    }

    /// <summary>Gets the schema the ledger's tables live in.</summary>
    public string Schema { get; }

    /// <summary>Gets the channel every change is published on (<c>NOTIFY</c>, the row's key as payload).</summary>
    public string Channel { get; }

    /// <summary>Gets where the ledger lives, for messages: host, port and database (never the password).</summary>
    public string Database { get; }

    /// <inheritdoc/>
    public Task<VideoJobEntry> GetOrAddAsync(string key, string provider, VideoJobRequest request, VideoCostEstimate? cost, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(request);
        return InTransactionAsync(async (connection, ct) =>
        {
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
            using var insert = new NpgsqlCommand($"""
                INSERT INTO {_table} ({Columns}) VALUES (@key, @provider, @state, @request, @job_id, @job_status, @progress, @error_code, @error_message,
                    @error_category, @file_path, @file_bytes, @file_sha256, @cost, @currency, @attempts, @created_at, @updated_at, NULL, NULL)
                ON CONFLICT (key) DO NOTHING
                """, connection);
            Bind(insert, entry);
            if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
            {
                return await ReadAsync(connection, key, forUpdate: false, ct).ConfigureAwait(false) ?? throw new VideoJobLedgerException($"The job ledger row '{key}' vanished.");
            }

            await AddEventAsync(connection, entry, "added", ct).ConfigureAwait(false);
            return entry;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<VideoJobEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return InTransactionAsync((connection, ct) => ReadAsync(connection, key, forUpdate: false, ct), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<VideoJobEntry>> ListAsync(IReadOnlyCollection<VideoJobEntryState>? states = null, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<VideoJobEntry>>(async (connection, ct) =>
        {
            using var command = new NpgsqlCommand($"SELECT {Columns} FROM {_table} WHERE @states::text[] IS NULL OR state = ANY(@states) ORDER BY seq", connection);
            Add(command, "states", states?.Select(s => s.ToString()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            return await ReadAllAsync(command, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<VideoJobEvent>> GetHistoryAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return InTransactionAsync<IReadOnlyList<VideoJobEvent>>(async (connection, ct) =>
        {
            using var command = new NpgsqlCommand($"SELECT key, at, state, job_status, progress, message FROM {_events} WHERE key = @key ORDER BY id", connection);
            Add(command, "key", key, NpgsqlDbType.Text);
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var events = new List<VideoJobEvent>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                events.Add(new VideoJobEvent
                {
                    Key = reader.GetString(0),
                    Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    State = Enum.Parse<VideoJobEntryState>(reader.GetString(2)),
                    JobStatus = reader.GetValue(3) is string status ? Enum.Parse<VideoJobStatus>(status) : null,
                    Progress = reader.GetValue(4) as int?,
                    Message = reader.GetValue(5) as string,
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
        return InTransactionAsync(async (connection, ct) =>
        {
            var now = _time.GetUtcNow();
            using var command = new NpgsqlCommand(
                $"UPDATE {_table} SET lease_owner = @owner, lease_expires_at = @expires WHERE {_where} AND (lease_owner IS NULL OR lease_owner = @owner OR lease_expires_at <= @now)", connection);
            Add(command, "key", key, NpgsqlDbType.Text);
            Add(command, "owner", owner, NpgsqlDbType.Text);
            Add(command, "expires", (now + lease).ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
            Add(command, "now", now.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1
                || (await ReadAsync(connection, key, forUpdate: false, ct).ConfigureAwait(false) is null ? throw new KeyNotFoundException($"The job ledger has no row '{key}'.") : false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Rows locked by another worker's claim at this moment are skipped (<c>FOR UPDATE SKIP LOCKED</c>), never waited for.</remarks>
    public Task<IReadOnlyList<VideoJobEntry>> ClaimAsync(string owner, int maxCount, TimeSpan lease, string? provider = null, CancellationToken cancellationToken = default)
    {
        ValidateLease(owner, lease);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return InTransactionAsync<IReadOnlyList<VideoJobEntry>>(async (connection, ct) =>
        {
            var now = _time.GetUtcNow();
            using var command = new NpgsqlCommand($"""
                WITH picked AS (
                    SELECT key FROM {_table}
                    WHERE {Unfinished} AND (@provider::text IS NULL OR provider = @provider)
                      AND (lease_owner IS NULL OR lease_owner = @owner OR lease_expires_at <= @now)
                    ORDER BY seq LIMIT @max
                    FOR UPDATE SKIP LOCKED)
                UPDATE {_table} AS j SET lease_owner = @owner, lease_expires_at = @expires
                FROM picked WHERE j.key = picked.key
                RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "j." + c))}, j.seq
                """, connection);
            Add(command, "owner", owner, NpgsqlDbType.Text);
            Add(command, "provider", provider, NpgsqlDbType.Text);
            Add(command, "expires", (now + lease).ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
            Add(command, "now", now.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
            Add(command, "max", maxCount, NpgsqlDbType.Integer);
            return [.. (await ReadAllAsync(command, ct).ConfigureAwait(false)).OrderBy(e => e.CreatedAt)];
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return InTransactionAsync(async (connection, ct) =>
        {
            using var command = new NpgsqlCommand($"UPDATE {_table} SET lease_owner = NULL, lease_expires_at = NULL WHERE {_where} AND lease_owner = @owner", connection);
            Add(command, "key", key, NpgsqlDbType.Text);
            Add(command, "owner", owner, NpgsqlDbType.Text);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="VideoJobLedgerCapacityException">
    /// <see cref="PostgreSqlVideoJobLedgerOptions.MaxJobsInFlight"/> jobs of the row's provider registration are in flight.
    /// </exception>
    public Task<VideoJobEntry> RecordIntentAsync(string key, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, LedgerTransitions.Intent, cancellationToken, _maxJobsInFlight is { } limit ? (connection, ct) => CheckCapacityAsync(connection, key, limit, ct) : null);

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

    /// <summary>
    /// Receives the key of every row any instance changes, as it commits (<c>LISTEN</c> on <see cref="Channel"/>), on a
    /// connection of its own, until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="onChange">Called with each changed key, on the listening task.</param>
    /// <param name="cancellationToken">Stops listening.</param>
    /// <returns>
    /// A task that completes once listening has started; listening goes on in the returned <see cref="Task"/> of the result,
    /// which fails with a <see cref="VideoJobLedgerException"/> when the connection is lost (<see cref="VideoJobRunner"/>
    /// then listens again).
    /// </returns>
    /// <exception cref="VideoJobLedgerException">The database cannot be reached.</exception>
    public async Task<Task> ListenAsync(Action<string> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlConnection connection;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            connection.Notification += (_, e) => onChange(e.Payload);
            using var listen = new NpgsqlCommand($"LISTEN \"{Channel}\"", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            throw Translate(exception);
        }

        return ListenLoopAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Creates a limiter of requests that holds across every worker on this database: a token bucket in one row
    /// (<c>rate_limits</c>, named <paramref name="name"/>), refilled at <paramref name="requestsPerSecond"/> up to
    /// <paramref name="burst"/> tokens and taken from by a single atomic <c>UPDATE</c> per attempt. Give it to the gateway
    /// registration (<see cref="VideoProviderOptions.RateLimiter"/>): every request attempt then takes a token at the
    /// moment it is sent, creates, reads, downloads and retries alike.
    /// </summary>
    /// <param name="name">The bucket, usually the provider registration; workers that share a gateway account use the same name.</param>
    /// <param name="requestsPerSecond">The aggregate rate.</param>
    /// <param name="burst">How many requests may go at once after a quiet spell.</param>
    /// <returns>The limiter; give it to <see cref="VideoProviderOptions.RateLimiter"/>. Dispose it after the generators that use it.</returns>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public System.Threading.RateLimiting.RateLimiter CreateRateLimiter(string name, double requestsPerSecond, int burst = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!(requestsPerSecond > 0 && double.IsFinite(requestsPerSecond)))
        {
            throw new ArgumentException($"The rate must be a positive number, not {requestsPerSecond}.", nameof(requestsPerSecond));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        return new PostgreSqlRateLimiter(this, name, requestsPerSecond, burst);
    }

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose()
    {
        _dataSource.Dispose();
        _initLock.Dispose();
    }

    /// <summary>Closes the pooled connections.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _initLock.Dispose();
    }

    /// <summary>One attempt to take a token: the wait before the next attempt, or <see cref="TimeSpan.Zero"/> when a token was taken.</summary>
    internal Task<TimeSpan> TryTakeTokenAsync(string name, double rate, int burst, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, ct) =>
        {
            // One statement: refill by the time since the last update (never backwards), take a token if there is one,
            // and say how long until the next. The row lock serialises every worker on this bucket.
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            using var command = new NpgsqlCommand($"""
                INSERT INTO {_schema}.rate_limits (name, tokens, capacity, rate, updated_at) VALUES (@name, @capacity, @capacity, @rate, @now)
                ON CONFLICT (name) DO NOTHING;
                WITH current AS (
                    SELECT name, LEAST(@capacity, tokens + GREATEST(@now - updated_at, 0) / 1000.0 * @rate) AS available
                    FROM {_schema}.rate_limits WHERE name = @name FOR UPDATE)
                UPDATE {_schema}.rate_limits AS r
                SET tokens = CASE WHEN c.available >= 1 THEN c.available - 1 ELSE c.available END,
                    updated_at = GREATEST(r.updated_at, @now), capacity = @capacity, rate = @rate
                FROM current AS c WHERE r.name = c.name
                RETURNING CASE WHEN c.available >= 1 THEN 0 ELSE (1 - c.available) / @rate * 1000.0 END
                """, connection);
            Add(command, "name", name, NpgsqlDbType.Text);
            Add(command, "capacity", (double)burst, NpgsqlDbType.Double);
            Add(command, "rate", rate, NpgsqlDbType.Double);
            Add(command, "now", now, NpgsqlDbType.Bigint);
            var waitMs = Convert.ToDouble(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            return waitMs <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(waitMs));
        }, cancellationToken);

    internal TimeProvider Time => _time;

    private async Task ListenLoopAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // stopped
            }
            catch (NpgsqlException exception)
            {
                throw Translate(exception);
            }
        }
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

    private Task<VideoJobEntry> ChangeAsync(string key, Func<VideoJobEntry, DateTimeOffset, (VideoJobEntry Entry, string Message)> step, CancellationToken cancellationToken,
        Func<NpgsqlConnection, CancellationToken, Task>? before = null)
    {
        ValidateKey(key);
        return InTransactionAsync(async (connection, ct) =>
        {
            if (before is not null)
            {
                await before(connection, ct).ConfigureAwait(false);
            }

            // The row lock serialises every writer of this row, on any machine, until the commit.
            var current = await ReadAsync(connection, key, forUpdate: true, ct).ConfigureAwait(false) ?? throw new KeyNotFoundException($"The job ledger has no row '{key}'.");
            var (entry, message) = step(current, _time.GetUtcNow());
            using var update = new NpgsqlCommand($"""
                UPDATE {_table} SET state = @state, request = @request, job_id = @job_id, job_status = @job_status, progress = @progress,
                    error_code = @error_code, error_message = @error_message, error_category = @error_category,
                    file_path = @file_path, file_bytes = @file_bytes, file_sha256 = @file_sha256, cost = @cost, currency = @currency,
                    attempts = @attempts, updated_at = @updated_at
                WHERE {_where}
                """, connection);
            Bind(update, entry);
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await AddEventAsync(connection, entry, message, ct).ConfigureAwait(false);
            return entry;
        }, cancellationToken);
    }

    /// <summary>
    /// Refuses an intent while the row's registration has <paramref name="limit"/> jobs in flight. One round trip of two
    /// statements: a transaction-scoped advisory lock per registration serialises the intents of every worker (taken before
    /// the row lock, always in that order, so no deadlock), and the count runs after it, with a snapshot that sees every
    /// intent committed before the lock was granted. The lock ends with the transaction.
    /// </summary>
    private async Task CheckCapacityAsync(NpgsqlConnection connection, string key, int limit, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext(@lock || (SELECT provider FROM {_table} WHERE {_where})));
            SELECT provider, (SELECT count(*) FROM {_table} AS f WHERE f.provider = j.provider AND f.state IN ('Submitting', 'Submitted') AND f.key <> j.key)
            FROM {_table} AS j WHERE j.key = @key
            """, connection);
        Add(command, "key", key, NpgsqlDbType.Text);
        Add(command, "lock", "SoraClient.Jobs:" + Schema + ":", NpgsqlDbType.Text);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetInt64(1) >= limit)
        {
            throw new VideoJobLedgerCapacityException(reader.GetString(0), limit);
        }
    }

    // The event and the NOTIFY go in one round trip; NOTIFY is delivered when the transaction commits.
    private async Task AddEventAsync(NpgsqlConnection connection, VideoJobEntry entry, string message, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand($"""
            INSERT INTO {_events} (key, at, state, job_status, progress, message) VALUES (@key, @at, @state, @job_status, @progress, @message);
            SELECT pg_notify(@channel, @key);
            """, connection);
        Add(command, "key", entry.Key, NpgsqlDbType.Text);
        Add(command, "at", entry.UpdatedAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
        Add(command, "state", entry.State.ToString(), NpgsqlDbType.Text);
        Add(command, "job_status", entry.JobStatus?.ToString(), NpgsqlDbType.Text);
        Add(command, "progress", entry.Progress, NpgsqlDbType.Integer);
        Add(command, "message", message, NpgsqlDbType.Text);
        Add(command, "channel", Channel, NpgsqlDbType.Text);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Add(NpgsqlCommand command, string name, object? value, NpgsqlDbType type) =>
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });

    private static void Bind(NpgsqlCommand command, VideoJobEntry entry)
    {
        Add(command, "key", entry.Key, NpgsqlDbType.Text);
        Add(command, "provider", entry.Provider, NpgsqlDbType.Text);
        Add(command, "state", entry.State.ToString(), NpgsqlDbType.Text);
        Add(command, "request", JsonSerializer.Serialize(entry.Request, JobsJsonContext.Default.VideoJobRequest), NpgsqlDbType.Text);
        Add(command, "job_id", entry.JobId, NpgsqlDbType.Text);
        Add(command, "job_status", entry.JobStatus?.ToString(), NpgsqlDbType.Text);
        Add(command, "progress", entry.Progress, NpgsqlDbType.Integer);
        Add(command, "error_code", entry.Error?.Code, NpgsqlDbType.Text);
        Add(command, "error_message", entry.Error?.Message, NpgsqlDbType.Text);
        Add(command, "error_category", entry.Error?.Category.ToString(), NpgsqlDbType.Text);
        Add(command, "file_path", entry.File?.Path, NpgsqlDbType.Text);
        Add(command, "file_bytes", entry.File?.Length, NpgsqlDbType.Bigint);
        Add(command, "file_sha256", entry.File?.Sha256, NpgsqlDbType.Text);
        Add(command, "cost", entry.EstimatedCost?.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
        Add(command, "currency", entry.Currency, NpgsqlDbType.Text);
        Add(command, "attempts", entry.Attempts, NpgsqlDbType.Integer);
        Add(command, "created_at", entry.CreatedAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
        Add(command, "updated_at", entry.UpdatedAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
    }

    private async Task<VideoJobEntry?> ReadAsync(NpgsqlConnection connection, string key, bool forUpdate, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM {_table} WHERE {_where}{(forUpdate ? " FOR UPDATE" : string.Empty)}", connection);
        Add(command, "key", key, NpgsqlDbType.Text);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false) is [var entry] ? entry : null;
    }

    private static async Task<List<VideoJobEntry>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<VideoJobEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string? Text(int i) => reader.GetValue(i) as string;
            entries.Add(new VideoJobEntry
            {
                Key = reader.GetString(0),
                Provider = reader.GetString(1),
                State = Enum.Parse<VideoJobEntryState>(reader.GetString(2)),
                Request = JsonSerializer.Deserialize(reader.GetString(3), JobsJsonContext.Default.VideoJobRequest)
                    ?? throw new VideoJobLedgerException($"The job ledger row '{reader.GetString(0)}' has no request."),
                JobId = Text(4),
                JobStatus = Text(5) is { } status ? Enum.Parse<VideoJobStatus>(status) : null,
                Progress = reader.GetValue(6) as int?,
                Error = Text(8) is { } message ? new VideoJobError(Text(7), message, Text(9) is { } category ? Enum.Parse<VideoErrorCategory>(category) : VideoErrorCategory.Unknown) : null,
                File = Text(10) is { } path ? new VideoJobFile(path, reader.GetInt64(11), reader.GetString(12)) : null,
                EstimatedCost = Text(13) is { } cost ? decimal.Parse(cost, CultureInfo.InvariantCulture) : null,
                Currency = Text(14),
                Attempts = reader.GetInt32(15),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(16)),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(17)),
                LeaseOwner = Text(18),
                LeaseExpiresAt = reader.GetValue(19) is long expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null,
            });
        }

        return entries;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction. A lost connection (the server restarting, a network failure) is tried
    /// again on a new one for up to <see cref="s_reconnectFor"/>, after 0.1, 0.2, 0.4 ... 2 s on the ledger's clock:
    /// every step re-reads its row under the lock, so running it again after a rollback is safe.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var giveUp = _time.GetUtcNow() + s_reconnectFor;
        for (var delay = TimeSpan.FromMilliseconds(100); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond * 2)))
        {
            try
            {
                return await TryInTransactionAsync(work, cancellationToken).ConfigureAwait(false);
            }
            catch (VideoJobLedgerException exception) when (IsConnectionLoss(exception.InnerException) && _time.GetUtcNow() + delay < giveUp)
            {
                _dataSource.Clear(); // the pool's idle connections went down with the one that failed
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A failure that a new connection may not have: the network, or the server shutting down or starting (57P01-57P03).</summary>
    private static bool IsConnectionLoss(Exception? exception) =>
        exception is PostgresException postgres ? postgres.IsTransient || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) : exception is NpgsqlException { IsTransient: true };

    private async Task<T> TryInTransactionAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await work(connection, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
        }
        catch (NpgsqlException exception)
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
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        catch (NpgsqlException exception)
        {
            throw Translate(exception);
        }
        finally
        {
            _initLock.Release();
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        async Task<object?> ScalarAsync(string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            Add(command, "schema", Schema, NpgsqlDbType.Text);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        // One migrator at a time per schema, across every machine; the lock ends with the transaction.
        await ScalarAsync("SELECT pg_advisory_xact_lock(hashtext('SoraClient.Jobs:' || @schema))").ConfigureAwait(false);
        await ScalarAsync($"CREATE SCHEMA IF NOT EXISTS {_schema}; CREATE TABLE IF NOT EXISTS {_schema}.schema_version (version INTEGER NOT NULL)").ConfigureAwait(false);
        var version = await ScalarAsync($"SELECT max(version) FROM {_schema}.schema_version").ConfigureAwait(false) is int stored ? stored : 0;
        if (version > PostgreSqlLedgerSchema.CurrentVersion)
        {
            throw new VideoJobLedgerException($"The job ledger {Database} schema \"{Schema}\" has version {version}, written by a newer SoraClient.Jobs.PostgreSql; this version reads up to {PostgreSqlLedgerSchema.CurrentVersion}. Upgrade SoraClient.Jobs.PostgreSql.");
        }

        for (; version < PostgreSqlLedgerSchema.CurrentVersion; version++)
        {
            await ScalarAsync(string.Format(CultureInfo.InvariantCulture, PostgreSqlLedgerSchema.Scripts[version], _schema)).ConfigureAwait(false);
            await ScalarAsync(FormattableString.Invariant($"DELETE FROM {_schema}.schema_version; INSERT INTO {_schema}.schema_version VALUES ({version + 1})")).ConfigureAwait(false);
        }
    }

    private VideoJobLedgerException Translate(NpgsqlException exception) =>
        exception is PostgresException postgres
            ? new VideoJobLedgerException($"The job ledger {Database} (schema \"{Schema}\") failed: {postgres.SqlState} {postgres.MessageText}", exception)
            : new VideoJobLedgerException($"The job ledger {Database} (schema \"{Schema}\") cannot be reached: {exception.Message}", exception);
}
