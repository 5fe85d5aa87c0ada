using Microsoft.Extensions.DependencyInjection.Extensions;
using SoraClient.Jobs;
using SoraClient.Jobs.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the durable job ledger: <c>services.AddSoraClient().AddJobLedger(o => o.UseSqlite("jobs.db"))</c>.</summary>
public static class JobLedgerSoraClientBuilderExtensions
{
    /// <summary>Registers an <see cref="IVideoJobLedger"/> singleton and, with <see cref="VideoJobLedgerOptions.ResumeOnStart"/>, a hosted service that resumes unfinished rows.</summary>
    /// <param name="builder">The SoraClient builder.</param>
    /// <param name="configure">Chooses the store (<see cref="VideoJobLedgerOptions.UseSqlite(string)"/>) and the resumption.</param>
    /// <returns>The builder, to chain provider registrations.</returns>
    /// <exception cref="ArgumentException"><paramref name="configure"/> chose no store.</exception>
    public static ISoraClientBuilder AddJobLedger(this ISoraClientBuilder builder, Action<VideoJobLedgerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new VideoJobLedgerOptions();
        configure(options);
        var factory = options.Factory ?? throw new ArgumentException("AddJobLedger needs a store, e.g. o => o.UseSqlite(\"jobs.db\").", nameof(configure));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(factory);
        if (options.ResumeOnStart)
        {
            builder.Services.AddHostedService<VideoJobResumeService>();
        }

        return builder;
    }
}
