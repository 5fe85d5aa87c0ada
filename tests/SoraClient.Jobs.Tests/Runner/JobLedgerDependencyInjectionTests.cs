using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraClient.Jobs.Internal;
using SoraClient.Testing;

namespace SoraClient.Jobs.Tests.Runner;

public sealed class JobLedgerDependencyInjectionTests : IAsyncLifetime
{
    private RunnerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RunnerHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task AddJobLedger_ResumeOnStart_WaitsOnAndDownloadsARowSubmittedBeforeTheRestart()
    {
        var job = await _harness.Generator.SubmitAsync(new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 });
        await _harness.Ledger.GetOrAddAsync("row-1", "openai", VideoJobRequest.From(new VideoGenerationRequest("a red fox in snow")), cost: null);
        await _harness.Ledger.RecordIntentAsync("row-1");
        await _harness.Ledger.RecordSubmittedAsync("row-1", job);

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_harness.Clock.Time);
        services.AddSoraClient()
            .AddOpenAI(o =>
            {
                o.Endpoint = _harness.Emulator.OpenAIEndpoint;
                o.ApiKey = _harness.Emulator.ApiKey;
                o.RequestTimeout = FastForwardClock.LongTimeout;
                o.DownloadIdleTimeout = FastForwardClock.LongTimeout;
            })
            .AddJobLedger(o =>
            {
                o.UseSqlite(_harness.Ledger.Path);
                o.ResumeOnStart = true;
                o.Runner.OutputDirectory = _harness.Output;
                o.Runner.WaitOptions = _harness.FastWait;
                o.Runner.LeaseDuration = RunnerHarness.LongLease;
            });
        await using var provider = services.BuildServiceProvider();

        var service = Assert.IsType<VideoJobResumeService>(Assert.Single(provider.GetServices<IHostedService>()));
        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;

        var summary = service.Summaries["openai"];
        Assert.True(Assert.Single(summary.Results).Resumed);
        var row = await provider.GetRequiredService<IVideoJobLedger>().GetAsync("row-1");
        Assert.Equal(VideoJobEntryState.Downloaded, row!.State);
        Assert.True(File.Exists(row.File!.Path));
        Assert.Equal(1, _harness.Creates);
    }

    [Fact]
    public void AddJobLedger_WithoutAStore_IsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddSoraClient().AddJobLedger(_ => { }));

        Assert.Contains("UseSqlite", error.Message, StringComparison.Ordinal);
    }
}
