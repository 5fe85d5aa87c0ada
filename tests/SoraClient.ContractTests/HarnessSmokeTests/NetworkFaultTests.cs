using System.Diagnostics;
using System.Net;
using SoraClient.ContractTests.Harness;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.HarnessSmokeTests;

/// <summary>The transport behaviours <see cref="ContractWireMock"/> adds to WireMock.Net surface in .NET as documented.</summary>
public sealed class NetworkFaultTests : ContractTest, IDisposable
{
    private readonly HttpClient _http;

    public NetworkFaultTests() => _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = WireMock.BaseUri() };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Connection_reset_by_peer_surfaces_as_HttpRequestException_and_the_request_is_logged()
    {
        WireMock.Given(On("GET", "/v1/videos/reset")).RespondWith(Json(200, "{}").WithNetworkFault(NetworkFault.ConnectionResetByPeer));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(new Uri("v1/videos/reset", UriKind.Relative)));

        Assert.NotNull(error.InnerException); // an IOException/SocketException from the reset
        Assert.Equal(1, WireMock.Count("GET", "/v1/videos/reset"));
    }

    [Theory]
    [InlineData(NetworkFault.EmptyResponse)]
    [InlineData(NetworkFault.RandomDataThenClose)]
    [InlineData(NetworkFault.MalformedResponseChunk)]
    public async Task Every_fault_surfaces_as_HttpRequestException_from_GetAsync(NetworkFault fault)
    {
        WireMock.Given(On("GET", "/fault")).RespondWith(Json(200, "{}").WithNetworkFault(fault));

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(new Uri("fault", UriKind.Relative)));
    }

    [Fact]
    public async Task A_malformed_chunk_arrives_after_a_200_status_line_and_fails_while_reading_the_body()
    {
        WireMock.Given(On("GET", "/fault")).RespondWith(Json(200, "{}").WithNetworkFault(NetworkFault.MalformedResponseChunk));

        using var response = await _http.GetAsync(new Uri("fault", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var body = await response.Content.ReadAsStreamAsync();
        var error = await Assert.ThrowsAsync<HttpIOException>(() => body.CopyToAsync(Stream.Null));
        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
    }

    [Fact]
    public async Task A_dribbled_body_sends_nothing_before_its_first_piece_then_arrives_whole()
    {
        WireMock.Given(On("GET", "/slow")).RespondWith(Text(200, "0123456789", "text/plain").WithChunkedDribbleDelay(2, TimeSpan.FromMilliseconds(400)));
        var clock = Stopwatch.StartNew();

        using var response = await _http.GetAsync(new Uri("slow", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var headersAfter = clock.Elapsed;
        var text = await response.Content.ReadAsStringAsync();

        Assert.InRange(headersAfter, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(30));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(30));
        Assert.Equal("0123456789", text);
    }

    [Fact]
    public async Task A_held_answer_is_seen_as_arrived_before_it_is_logged()
    {
        using var cancel = new CancellationTokenSource();
        WireMock.Given(On("POST", "/held")).RespondWith(Json(200, "{}").WithDelay(TimeSpan.FromSeconds(3))); // long enough for a loaded machine

        var answer = _http.PostAsync(new Uri("held", UriKind.Relative), new StringContent("{}"), cancel.Token);
        while (WireMock.Arrivals("POST", "/held") == 0)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, WireMock.Count("POST", "/held"));
        using var response = await answer;
        Assert.Equal(1, WireMock.Count("POST", "/held")); // logged before the client saw the answer
        Assert.Equal(0, WireMock.Arrivals("GET", "/held"));
    }
    [Fact]
    public async Task An_endless_body_is_chunked_without_a_length_and_keeps_coming()
    {
        var piece = string.Concat(Enumerable.Repeat("0123456789", 100));
        WireMock.Given(On("GET", "/endless")).RespondWith(Text(200, piece, "application/json").WithNetworkFault(NetworkFault.EndlessBody));

        using var response = await _http.GetAsync(new Uri("endless", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var start = new byte[10];
        await body.ReadExactlyAsync(start);
        var buffer = new byte[64 * 1024];
        long total = start.Length;
        while (total < 1024 * 1024)
        {
            total += await body.ReadAsync(buffer);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0123456789"u8.ToArray(), start);
    }

    [Fact]
    public async Task No_answer_holds_the_request_until_the_client_gives_up_and_the_scenario_has_moved_on()
    {
        WireMock.GivenSequence("hang", On("GET", "/hang"), Json(200, "{}").WithNetworkFault(NetworkFault.NoAnswer), Json(200, """{"second":true}"""));
        using var cancel = new CancellationTokenSource();

        var first = _http.GetAsync(new Uri("hang", UriKind.Relative), cancel.Token);
        while (WireMock.Arrivals("GET", "/hang") == 0)
        {
            await Task.Delay(10);
        }

        await Task.Delay(100);
        Assert.False(first.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var second = await _http.GetStringAsync(new Uri("hang", UriKind.Relative));

        Assert.Equal("""{"second":true}""", second);
        Assert.Equal(2, WireMock.Arrivals("GET", "/hang"));
    }
}
