namespace SoraClient.Jobs.Sqlite;

/// <summary>
/// The ledger's schema, one script per version (<c>PRAGMA user_version</c>). A new file runs every script in order,
/// so the migration path is the creation path. Never edit a published script: add the next one.
/// </summary>
internal static class SqliteLedgerSchema
{
    /// <summary>Marks the file as a SoraClient ledger (<c>PRAGMA application_id</c>, "Sora").</summary>
    public const int ApplicationId = 0x536F7261;

    public const string Version1 = """
        CREATE TABLE video_jobs (
            key TEXT PRIMARY KEY NOT NULL,
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
            file_bytes INTEGER,
            file_sha256 TEXT,
            cost TEXT,
            currency TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        """;

    /// <summary>Version 2: leases for several workers, and a history of every step.</summary>
    public const string Version2 = """
        ALTER TABLE video_jobs ADD COLUMN lease_owner TEXT;
        ALTER TABLE video_jobs ADD COLUMN lease_expires_at INTEGER;
        CREATE INDEX video_jobs_state ON video_jobs (state);
        CREATE TABLE video_job_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL,
            at INTEGER NOT NULL,
            state TEXT NOT NULL,
            job_status TEXT,
            progress INTEGER,
            message TEXT);
        CREATE INDEX video_job_events_key ON video_job_events (key, id);
        INSERT INTO video_job_events (key, at, state, job_status, progress, message)
            SELECT key, updated_at, state, job_status, progress, 'migrated from ledger schema version 1' FROM video_jobs;
        """;

    /// <summary>The scripts; index + 1 is the version each produces.</summary>
    public static IReadOnlyList<string> Scripts { get; } = [Version1, Version2];

    public static int CurrentVersion => Scripts.Count;
}
