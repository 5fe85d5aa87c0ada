using System.Net;
using System.Net.Http.Headers;
using SoraClient.ContractTests.Harness;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.HarnessSmokeTests;

/// <summary>Big binary bodies and downloads cut mid-way then resumed with <c>Range</c> behave as documented.</summary>
public sealed class DownloadStubTests : ContractTest, IDisposable
{
    private const string ContentPath = "/v1/videos/video_1/content";

    private readonly HttpClient _http;

    public DownloadStubTests() => _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = WireMock.BaseUri() };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_big_binary_body_arrives_whole_with_its_content_length()
    {
        var video = RandomBytes(8 * 1024 * 1024, seed: 1);
        WireMock.Given(On("GET", ContentPath)).RespondWith(Bytes(200, video, "video/mp4"));

        using var response = await _http.GetAsync(new Uri(ContentPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(video.Length, response.Content.Headers.ContentLength);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(video, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_cut_download_delivers_exactly_the_bytes_before_the_cut_then_HttpIOException_and_resumes_with_Range()
    {
        var video = RandomBytes(1_000_000, seed: 2);
        WireMock.GivenInterruptedDownload(ContentPath, video, [300_000, 700_000], "video/mp4", etag: "\"v1\"");
        var received = new MemoryStream();

        // 1st attempt: 200, the full length announced, 300 000 bytes sent, then the connection closes
        using (var response = await _http.GetAsync(new Uri(ContentPath, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1_000_000, response.Content.Headers.ContentLength);
            Assert.Equal("\"v1\"", response.Headers.ETag?.Tag);
            Assert.Contains("bytes", response.Headers.AcceptRanges, StringComparer.Ordinal);
            var error = await CopyUntilFailureAsync(response, received);
            Assert.Equal(HttpRequestError.ResponseEnded, Assert.IsType<HttpIOException>(error).HttpRequestError);
        }

        Assert.Equal(300_000, received.Length);

        // 2nd attempt resumes from 300 000 and is cut again at 700 000
        using (var response = await GetRangeAsync(received.Length))
        {
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(700_000, response.Content.Headers.ContentLength);
            Assert.Equal("bytes 300000-999999/1000000", response.Content.Headers.ContentRange?.ToString());
            Assert.IsType<HttpIOException>(await CopyUntilFailureAsync(response, received));
        }

        Assert.Equal(700_000, received.Length);

        // 3rd attempt completes
        using (var response = await GetRangeAsync(received.Length))
        {
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal("bytes 700000-999999/1000000", response.Content.Headers.ContentRange?.ToString());
            Assert.Null(await CopyUntilFailureAsync(response, received));
        }

        Assert.Equal(video, received.ToArray());
        var ranges = WireMock.Requests("GET", ContentPath).Select(r => r.Header("Range"));
        Assert.Equal([null, "bytes=300000-", "bytes=700000-"], ranges, StringComparer.Ordinal);
    }

    [Fact]
    public async Task Buffered_reading_of_a_cut_download_throws_HttpRequestException()
    {
        WireMock.GivenInterruptedDownload(ContentPath, RandomBytes(10_000, seed: 3), [4_000]);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(new Uri(ContentPath, UriKind.Relative)));

        Assert.IsType<HttpIOException>(error.InnerException);
    }

    [Fact]
    public async Task A_range_that_is_not_a_cut_offset_gets_416()
    {
        WireMock.GivenInterruptedDownload(ContentPath, RandomBytes(10_000, seed: 4), [4_000]);

        using var response = await GetRangeAsync(1234);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */10000", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Without_cuts_it_is_a_plain_download()
    {
        var video = RandomBytes(50_000, seed: 5);
        WireMock.GivenInterruptedDownload(ContentPath, video, []);

        Assert.Equal(video, await _http.GetByteArrayAsync(new Uri(ContentPath, UriKind.Relative)));
    }

    private async Task<HttpResponseMessage> GetRangeAsync(long from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ContentPath);
        request.Headers.Range = new RangeHeaderValue(from, null);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Copies the body into <paramref name="destination"/> and returns the error that stopped it, or null.</summary>
    private static async Task<Exception?> CopyUntilFailureAsync(HttpResponseMessage response, Stream destination)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read));
            }

            return null;
        }
        catch (IOException e)
        {
            return e;
        }
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
