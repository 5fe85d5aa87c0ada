using SoraClient.Providers.AIVideoApi.Internal;

namespace SoraClient.Providers.AIVideoApi;

/// <summary>
/// Reads the body aivideoapi.ai POSTs to a request's <c>callback_url</c> when a task completes or fails: the same JSON as
/// <c>GET /v1/tasks/{taskId}</c>, <c>{"id","status","output":{"urls":[...]},"error"?}</c>; the platform's
/// <c>{"code","msg","data":{...task}}</c> envelope is accepted too. The gateway does not sign callbacks: treat one as a
/// hint and confirm with <see cref="AIVideoApiVideoGenerator.GetJobAsync"/> before acting on it.
/// </summary>
public static class AIVideoApiCallbackParser
{
    /// <summary>Reads a callback body.</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <param name="providerName">The registration name, for <see cref="VideoJob.Provider"/>.</param>
    /// <returns>The job the callback reports, with its id and assets (<see cref="VideoJob.ExpiresAt"/> 24 hours after completion).</returns>
    /// <exception cref="FormatException">The body is not an aivideoapi.ai task.</exception>
    public static VideoJob Parse(ReadOnlySpan<byte> body, string providerName = AIVideoApiOptions.DefaultProviderName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        return CallbackBody.Parse(body, "an aivideoapi task", root =>
        {
            var task = AIVideoApiJobMapper.ReadTask(root);
            if (AIVideoApiJobMapper.IdOf(task) is null || task.Status is null)
            {
                throw new FormatException("The aivideoapi callback body has no task id or status.");
            }

            return AIVideoApiJobMapper.ToJob(task, root, providerName, now: null, sent: null);
        });
    }

    /// <summary>Reads a callback body that is already a string.</summary>
    /// <param name="body">The body, JSON.</param>
    /// <param name="providerName">The registration name, for <see cref="VideoJob.Provider"/>.</param>
    /// <returns>The job the callback reports.</returns>
    /// <exception cref="FormatException">The body is not an aivideoapi.ai task.</exception>
    public static VideoJob Parse(string body, string providerName = AIVideoApiOptions.DefaultProviderName)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Parse(System.Text.Encoding.UTF8.GetBytes(body), providerName);
    }

    /// <summary>Reads a callback body from a stream, for example an ASP.NET Core <c>Request.Body</c> (at most 1 MiB).</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <param name="providerName">The registration name, for <see cref="VideoJob.Provider"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The job the callback reports.</returns>
    /// <exception cref="FormatException">The body is not an aivideoapi.ai task.</exception>
    public static async Task<VideoJob> ParseAsync(Stream body, string providerName = AIVideoApiOptions.DefaultProviderName, CancellationToken cancellationToken = default) =>
        Parse(await CallbackBody.ReadAsync(body, cancellationToken).ConfigureAwait(false), providerName);
}
