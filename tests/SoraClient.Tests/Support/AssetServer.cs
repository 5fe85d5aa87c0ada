using System.Net;
using System.Net.Http.Headers;

namespace SoraClient.Tests.Support;

/// <summary>Builds responses of a file server for one asset, honouring or ignoring <c>Range</c>.</summary>
internal static class AssetServer
{
    public const string ETag = "\"v1\"";

    public static byte[] Asset(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 31) + (i >> 8));
        }

        return data;
    }

    /// <summary>The whole asset with <c>200 OK</c>, whatever the request asked for.</summary>
    public static Func<HttpRequestMessage, HttpResponseMessage> Whole(byte[] data, Func<byte[], int, ScriptedStream>? body = null, string? etag = ETag, long? contentLength = -1,
        DateTimeOffset? lastModified = null, bool chunked = false) =>
        _ => Respond(HttpStatusCode.OK, body?.Invoke(data, 0) ?? new ScriptedStream(data), contentLength == -1 ? data.Length : contentLength, etag, null, lastModified, chunked);

    /// <summary><c>206</c> from the requested offset (or <c>200</c> with the whole asset when the request has no range).</summary>
    public static Func<HttpRequestMessage, HttpResponseMessage> Ranged(byte[] data, Func<byte[], int, ScriptedStream>? body = null, string? etag = ETag,
        DateTimeOffset? lastModified = null) => request =>
    {
        if (request.Headers.Range?.Ranges.SingleOrDefault() is not { From: { } from })
        {
            return Whole(data, body, etag, lastModified: lastModified)(request);
        }

        var offset = (int)from;
        if (offset >= data.Length)
        {
            var unsatisfiable = new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable) { Content = new ByteArrayContent([]) };
            unsatisfiable.Content.Headers.ContentRange = new ContentRangeHeaderValue(data.Length);
            return unsatisfiable;
        }

        return Respond(HttpStatusCode.PartialContent, body?.Invoke(data, offset) ?? new ScriptedStream(data, offset), data.Length - offset, etag,
            new ContentRangeHeaderValue(offset, data.Length - 1, data.Length), lastModified);
    };

    private static HttpResponseMessage Respond(HttpStatusCode status, ScriptedStream body, long? contentLength, string? etag, ContentRangeHeaderValue? range,
        DateTimeOffset? lastModified = null, bool chunked = false)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        content.Headers.ContentLength = contentLength;
        content.Headers.ContentRange = range;
        content.Headers.LastModified = lastModified;
        var response = new HttpResponseMessage(status) { Content = content };
        response.Headers.TransferEncodingChunked = chunked ? true : null;
        if (etag is not null)
        {
            response.Headers.ETag = EntityTagHeaderValue.Parse(etag);
        }

        response.Headers.AcceptRanges.Add("bytes");
        return response;
    }
}
