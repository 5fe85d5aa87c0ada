using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoraClient.Emulator.Jobs;
using SoraClient.Emulator.Media;

namespace SoraClient.Emulator.Protocols.Cdn;

/// <summary>
/// The emulator's stand-in for a gateway's CDN: the result URLs of gateways that hand out links (GrsAI, AceData,
/// aivideoapi) point here. Like a CDN it needs no key; it serves a job's media only while the job has succeeded and
/// has not expired, with <c>Range</c> support.
/// </summary>
internal sealed class CdnProtocol(JobStore jobs) : IEmulatorProtocol
{
    public string Name => EmulatorProtocols.Media;

    public string Prefix => "/media";

    /// <summary>The absolute URL of one of a job's media files, on the host the request came in on.</summary>
    /// <param name="request">The request being answered (for the scheme, host and port).</param>
    /// <param name="jobId">The job.</param>
    /// <param name="asset">Which file.</param>
    /// <returns>The URL.</returns>
    public static string Url(HttpRequest request, string jobId, MediaAsset asset) =>
        Url($"{request.Scheme}://{request.Host}", jobId, asset);

    /// <summary>The absolute URL of one of a job's media files, for a request answered later (a callback, a streamed record).</summary>
    /// <param name="origin">The <c>scheme://host:port</c> the job was created through.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="asset">Which file.</param>
    /// <returns>The URL.</returns>
    public static string Url(string origin, string jobId, MediaAsset asset) =>
        $"{origin}/media/{Uri.EscapeDataString(jobId)}/{asset.FileName}";

    public void MapRoutes(RouteGroupBuilder routes) => routes.MapGet("/{job_id}/{file}", (RequestDelegate)ServeAsync);

    public Task WriteFaultAsync(HttpContext context, EmulatorFault fault) =>
        Results.Text(fault.Kind == EmulatorFaultKind.RateLimit ? "Too Many Requests" : "Service Unavailable", "text/plain", statusCode: fault.StatusCode)
            .ExecuteAsync(context);

    private Task ServeAsync(HttpContext context)
    {
        var file = context.Request.RouteValues["file"] as string;
        var asset = new[] { MediaAssets.Video, MediaAssets.Thumbnail, MediaAssets.Spritesheet }
            .FirstOrDefault(a => string.Equals(a.FileName, file, StringComparison.OrdinalIgnoreCase));
        var state = jobs.Find(context.Request.RouteValues["job_id"] as string ?? string.Empty)?.StateAt(jobs.Now);
        if (asset is null || state is not { Status: EmulatorJobStatus.Succeeded, IsExpired: false } succeeded)
        {
            // What object stores answer for a missing or expired object.
            return Results.Text("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>", "application/xml", statusCode: 404)
                .ExecuteAsync(context);
        }

        return Results.Bytes(asset.Content, asset.ContentType, enableRangeProcessing: true, lastModified: succeeded.CompletedAt, entityTag: asset.EntityTag)
            .ExecuteAsync(context);
    }
}
