namespace SoraClient.Jobs.PostgreSql;

/// <summary>
/// The ledger's schema, one script per version (recorded in <c>schema_version</c>). A new database runs every script
/// in order, so the migration path is the creation path. Never edit a published script: add the next one.
/// <c>{0}</c> is the quoted schema name.
/// </summary>
internal static class PostgreSqlLedgerSchema
{
    public const string Version1 = """
        CREATE TABLE {0}.video_jobs (
            seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
            key TEXT PRIMARY KEY,
            provider TEXT NOT NULL,
            state TEXT NOT NULL,
            request TEXT NOT NULL,
            job_id TEXT,
            job_status TEXT,
            progress INTEGER,
            error_code TEXT,
            error_message TEXT,
            error_category TEXT,
            file_path TEXT,
            file_bytes BIGINT,
            file_sha256 TEXT,
            cost TEXT,
            currency TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            lease_owner TEXT,
            lease_expires_at BIGINT);
        CREATE INDEX video_jobs_unfinished ON {0}.video_jobs (seq) WHERE state NOT IN ('Downloaded', 'Failed');
        CREATE TABLE {0}.video_job_events (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            key TEXT NOT NULL,
            at BIGINT NOT NULL,
            state TEXT NOT NULL,
            job_status TEXT,
            progress INTEGER,
            message TEXT);
        CREATE INDEX video_job_events_key ON {0}.video_job_events (key, id);
        CREATE TABLE {0}.rate_limits (
            name TEXT PRIMARY KEY,
            tokens DOUBLE PRECISION NOT NULL,
            capacity DOUBLE PRECISION NOT NULL,
            rate DOUBLE PRECISION NOT NULL,
            updated_at BIGINT NOT NULL);
        """;

    /// <summary>Counting a registration's jobs in flight (the concurrent-jobs limit) reads this index only.</summary>
    public const string Version2 = """
        CREATE INDEX video_jobs_in_flight ON {0}.video_jobs (provider) WHERE state IN ('Submitting', 'Submitted');
        """;

    /// <summary>The scripts; index + 1 is the version each produces.</summary>
    public static IReadOnlyList<string> Scripts { get; } = [Version1, Version2];

    public static int CurrentVersion => Scripts.Count;
}
