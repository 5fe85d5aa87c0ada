using SoraClient.Providers.AceData.Internal;

namespace SoraClient.Providers.AceData;

/// <summary>
/// Reads the body AceData POSTs to a request's <c>callback_url</c> when a job ends: the same JSON as its synchronous
/// answer, <c>{"success":true,"task_id","trace_id","data":[{"id","video_url","state"}]}</c>, or
/// <c>{"success":false,"task_id","error":{"code","message"}}</c> for a failure. A task as <c>/sora/tasks</c> reads it
/// (<c>{"id","response":{...}}</c>) is accepted too. AceData does not sign callbacks: treat one as a hint and confirm
/// with <see cref="AceDataVideoGenerator.GetJobAsync"/> before acting on it.
/// </summary>
public static class AceDataCallbackParser
{
    /// <summary>Reads a callback body.</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <param name="providerName">The registration name, for <see cref="VideoJob.Provider"/>.</param>
    /// <returns>The job the callback reports, with its id (<c>task_id</c>) and assets.</returns>
    /// <exception cref="FormatException">The body is not an AceData result.</exception>
    public static VideoJob Parse(ReadOnlySpan<byte> body, string providerName = AceDataOptions.DefaultProviderName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        return CallbackBody.Parse(body, "an AceData callback", root =>
        {
            var task = AceDataJobMapper.ReadTask(root);
            if (AceDataJobMapper.IdOf(task) is null)
            {
                throw new FormatException("The AceData callback body has no task_id.");
            }

            return AceDataJobMapper.ToJob(task, root, providerName, AceDataModels.All, sent: null);
        });
    }

    /// <summary>Reads a callback body that is already a string.</summary>
    /// <param name="body">The body, JSON.</param>
    /// <param name="providerName">The registration name, for <see cref="VideoJob.Provider"/>.</param>
    /// <returns>The job the callback reports.</returns>
    /// <exception cref="FormatException">The body is not an AceData result.</exception>
    public static VideoJob Parse(string body, string providerName = AceDataOptions.DefaultProviderName)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Parse(System.Text.Encoding.UTF8.GetBytes(body), providerName);
    }

    /// <summary>Reads a callback body from a stream, for example an ASP.NET Core <c>Request.Body</c> (at most 1 MiB).</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <param name="providerName">The registration name, for <see cref="VideoJob.Provider"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The job the callback reports.</returns>
    /// <exception cref="FormatException">The body is not an AceData result.</exception>
    public static async Task<VideoJob> ParseAsync(Stream body, string providerName = AceDataOptions.DefaultProviderName, CancellationToken cancellationToken = default) =>
        Parse(await CallbackBody.ReadAsync(body, cancellationToken).ConfigureAwait(false), providerName);
}
