using System.Net;
using System.Net.Http.Headers;

namespace SoraClient.Benchmarks;

/// <summary>
/// An OpenAI-compatible gateway in memory: <c>GET /v1/videos/{id}</c> answers a Video object, <c>POST /v1/videos</c> a
/// queued one and <c>/content</c> a byte array, with no sockets, so a benchmark measures the client code alone.
/// </summary>
internal sealed class InMemoryGateway(int contentBytes = 0) : HttpMessageHandler
{
    public const string Endpoint = "https://api.example.test/v1";

    private static readonly byte[] s_video =
        """{"id":"video_123","object":"video","model":"sora-2","status":"in_progress","progress":45,"created_at":1758941485,"completed_at":null,"expires_at":null,"prompt":null,"size":"720x1280","seconds":"4","remixed_from_video_id":null,"error":null}"""u8.ToArray();

    private static readonly byte[] s_created =
        """{"id":"video_123","object":"video","model":"sora-2","status":"queued","progress":0,"created_at":1758941485,"completed_at":null,"expires_at":null,"prompt":"A calico cat plays a piano on stage","size":"1280x720","seconds":"4","remixed_from_video_id":null,"error":null}"""u8.ToArray();

    private readonly byte[] _content = CreateContent(contentBytes);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var isContent = request.RequestUri!.AbsolutePath.EndsWith("/content", StringComparison.Ordinal);
        var body = new ByteArrayContent(isContent ? _content : request.Method == HttpMethod.Post ? s_created : s_video);
        body.Headers.ContentType = new MediaTypeHeaderValue(isContent ? "video/mp4" : "application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = body, RequestMessage = request });
    }

    private static byte[] CreateContent(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
