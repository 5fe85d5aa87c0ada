using Npgsql;
using SoraClient.Jobs.Tests.Ledger;

namespace SoraClient.Jobs.Tests.PostgreSql;

/// <summary>The ledger contract on PostgreSQL (each test in a schema of its own), plus what only a shared server does.</summary>
[Collection(PostgreSqlClusterGroup.Name)]
public sealed class PostgreSqlVideoJobLedgerTests(PostgreSqlCluster cluster) : VideoJobLedgerContractTests
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    protected override Task<IVideoJobLedger> CreateAsync(TimeProvider time) =>
        Task.FromResult<IVideoJobLedger>(Open(time));

    private PostgreSqlVideoJobLedger Open(TimeProvider time) =>
        new(new PostgreSqlVideoJobLedgerOptions { ConnectionString = cluster.ConnectionString, Schema = _schema }, time);

    [Fact]
    public async Task NewSchema_IsCreatedAtTheCurrentVersion_AndANewerOneIsRefused()
    {
        var ledger = await OpenAsync();
        await ledger.ListAsync();

        Assert.Equal(2, await ScalarAsync<int>($"SELECT max(version) FROM \"{_schema}\".schema_version"));
        await ScalarAsync<int>($"UPDATE \"{_schema}\".schema_version SET version = 99 RETURNING version");
        await using var newer = Open(Time);
        var error = await Assert.ThrowsAsync<VideoJobLedgerException>(() => newer.ListAsync());
        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_TwoWorkersAtOnce_NeverTakeTheSameRow()
    {
        var ledger = await OpenAsync();
        for (var i = 0; i < 40; i++)
        {
            await BringToAsync(ledger, $"row-{i:00}", VideoJobEntryState.Pending);
        }

        await using var other = Open(Time);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker =>
            Task.Run(() => (worker % 2 == 0 ? ledger : other).ClaimAsync($"worker-{worker}", 10, TimeSpan.FromMinutes(1)))));

        var keys = claims.SelectMany(c => c.Select(e => e.Key)).ToList();
        Assert.Equal(40, keys.Count);
        Assert.Equal(40, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Listen_ReceivesTheKeyOfEveryChangeFromAnotherInstance()
    {
        await using var listener = Open(Time);
        var received = new System.Collections.Concurrent.BlockingCollection<string>();
        using var stop = new CancellationTokenSource();
        var listening = await listener.ListenAsync(received.Add, stop.Token);
        var writer = await OpenAsync();

        await BringToAsync(writer, "row-1", VideoJobEntryState.Submitting);

        Assert.True(received.TryTake(out var first, TimeSpan.FromSeconds(20)), "no notification arrived");
        Assert.Equal("row-1", first); // added
        Assert.True(received.TryTake(out var second, TimeSpan.FromSeconds(20)), "no second notification arrived");
        Assert.Equal("row-1", second); // intent
        await stop.CancelAsync();
        await listening;
    }

    [Fact]
    public async Task RateLimiter_SharedByTwoInstances_HoldsTheAggregateRate()
    {
        await using var first = Open(Time);
        await using var second = Open(Time);
        using var a = first.CreateRateLimiter("openai", requestsPerSecond: 2);
        using var b = second.CreateRateLimiter("openai", requestsPerSecond: 2);

        // The bucket holds one token; then each attempt, from either instance, is told to wait for the next one.
        using (var lease = await a.AcquireAsync())
        {
            Assert.True(lease.IsAcquired);
        }

        var fromB = b.AcquireAsync().AsTask();
        await WaitForTimerAsync(TimeSpan.FromMilliseconds(500));
        Time.Advance(TimeSpan.FromMilliseconds(500));
        using (var lease = await fromB.WaitAsync(TimeSpan.FromSeconds(20)))
        {
            Assert.True(lease.IsAcquired);
        }

        var fromA = a.AcquireAsync().AsTask();
        await WaitForTimerAsync(TimeSpan.FromMilliseconds(500)); // B took the token the clock made, so A waits a full period
        Assert.False(fromA.IsCompleted);
        Time.Advance(TimeSpan.FromMilliseconds(500));
        using (var lease = await fromA.WaitAsync(TimeSpan.FromSeconds(20)))
        {
            Assert.True(lease.IsAcquired);
        }
    }

    private async Task WaitForTimerAsync(TimeSpan expected)
    {
        for (var i = 0; i < 2000 && Time.PendingTimers == 0; i++)
        {
            await Task.Delay(10); // the attempt goes to the database for real
        }

        Assert.Equal(1, Time.PendingTimers);
        Assert.Equal(expected, Time.ScheduledDelays[^1]);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
