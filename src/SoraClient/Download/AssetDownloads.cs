using SoraClient.Http;

namespace SoraClient.Download;

/// <summary>
/// Opening an asset over the sender: the download side of the one HTTP path. It lives here, not in the sender, so that
/// <c>Download</c> builds on <c>Http</c> and never the other way round.
/// </summary>
internal static class AssetDownloads
{
    /// <summary>Opens an asset for streaming; reads resume with <c>Range</c> after a dropped connection or an idle period.</summary>
    /// <param name="sender">The adapter's sender.</param>
    /// <param name="createRequest">Creates the request (again for each resumption).</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The open asset.</returns>
    public static async Task<VideoContent> OpenContentAsync(this ProviderHttpSender sender, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var response = await sender.ExecuteAsync(HttpOperation.Download, createRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            // A success status with a JSON, HTML or text body is an error page (GrsAI's quota error, a CDN's "access denied"), never the asset.
            if (response.Content.Headers.ContentType?.MediaType is { } mediaType && IsDocument(mediaType))
            {
                throw await sender.ReadAnswerAsync(response, cancellationToken).ConfigureAwait(false)
                    ?? new VideoProviderException(sender.Provider, sender.Format((int)response.StatusCode, "not_a_video",
                        $"the download answered with a {mediaType} document instead of the asset; it was not saved", sender.RequestIdOf(response)), (int)response.StatusCode, "not_a_video");
            }

            var stream = await ResumableDownloadStream.StartAsync(sender, createRequest, response, cancellationToken).ConfigureAwait(false);
            return new VideoContent(stream, response.Content.Headers.ContentType?.MediaType, stream.ExpectedLength);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a result URL the gateway handed out, which may be on a CDN (the key goes only to the gateway's own host).
    /// A refusal from another host (401, 403, 404, 410) means the link expired or was withdrawn, and says so, without the
    /// URL (signed links carry credentials in their query).
    /// </summary>
    /// <param name="sender">The adapter's sender.</param>
    /// <param name="uri">The link.</param>
    /// <param name="jobId">The job, for the message.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The open asset.</returns>
    public static async Task<VideoContent> OpenAssetAsync(this ProviderHttpSender sender, Uri uri, string jobId, CancellationToken cancellationToken)
    {
        try
        {
            return await sender.OpenContentAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        }
        catch (VideoProviderException ex) when (ex.StatusCode is 401 or 403 or 404 or 410 && !sender.IsGatewayHost(uri))
        {
            const string Code = "asset_unavailable";
            throw new VideoProviderException(sender.Provider,
                sender.Format(ex.StatusCode, Code, $"{uri.Host} refused the video link of job {jobId}; the link has probably expired", null), ex.StatusCode, Code, ex)
            {
                ResponseBody = ex.ResponseBody,
            };
        }
    }

    private static bool IsDocument(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("/xml", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);
}
