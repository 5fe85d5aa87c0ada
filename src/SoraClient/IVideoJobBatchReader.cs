namespace SoraClient;

/// <summary>
/// Reads many jobs in one request, for gateways that offer it (AceData Cloud's <c>retrieve_batch</c>). Generators offer it
/// through <see cref="IVideoGenerator.GetService"/>; <see cref="VideoGeneratorExtensions.WaitForCompletionAsync(IVideoGenerator, string, VideoWaitOptions?, IProgress{VideoJob}?, CancellationToken)"/>
/// uses it by itself, gathering the reads of all the waits on one generator into batch requests.
/// </summary>
public interface IVideoJobBatchReader
{
    /// <summary>Gets how many jobs one request reads at most.</summary>
    int MaxBatchSize { get; }

    /// <summary>Reads the current state of several jobs, in one request per <see cref="MaxBatchSize"/> ids.</summary>
    /// <param name="jobIds">The gateway's job ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The jobs the gateway knows, in no particular order; an id it does not know is missing from the list.</returns>
    /// <exception cref="VideoProviderException">The gateway answered with an error.</exception>
    Task<IReadOnlyList<VideoJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default);
}
