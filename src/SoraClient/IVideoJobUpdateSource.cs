namespace SoraClient;

/// <summary>
/// Job updates delivered out of band (a webhook receiver such as SoraClient.AspNetCore's), offered by a generator through
/// <see cref="IVideoGenerator.GetService"/>. When a generator offers one,
/// <see cref="VideoGeneratorExtensions.WaitForCompletionAsync(IVideoGenerator, string, VideoWaitOptions?, IProgress{VideoJob}?, CancellationToken)"/>
/// and the other waits stop polling on a schedule: they wait for an update, and read the job themselves only every
/// <see cref="SafetyPollInterval"/> in case the update never comes.
/// </summary>
public interface IVideoJobUpdateSource
{
    /// <summary>Gets how long a wait goes without an update before it reads the job anyway.</summary>
    TimeSpan SafetyPollInterval { get; }

    /// <summary>Waits for a state of the job that is further along than <paramref name="known"/>.</summary>
    /// <param name="jobId">The gateway's job id.</param>
    /// <param name="known">The state the caller has, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the caller cancels when its safety poll is due).</param>
    /// <returns>
    /// The newer state, at once when one arrived already. It must be as trustworthy as a status read (confirmed by one),
    /// because the wait reports it as the job's state without reading the job again.
    /// </returns>
    Task<VideoJob> WaitForUpdateAsync(string jobId, VideoJob? known, CancellationToken cancellationToken);
}
