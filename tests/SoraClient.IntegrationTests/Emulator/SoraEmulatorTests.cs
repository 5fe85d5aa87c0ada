using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using SoraClient.Emulator;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class SoraEmulatorTests
{
    [Fact]
    public async Task StartAsync_Defaults_ListensOnLoopbackWithFreePortAndDefaultKey()
    {
        await using var emulator = await SoraEmulator.StartAsync();

        Assert.Equal("http", emulator.BaseAddress.Scheme);
        Assert.Equal("127.0.0.1", emulator.BaseAddress.Host);
        Assert.NotEqual(0, emulator.BaseAddress.Port);
        Assert.Equal("/", emulator.BaseAddress.AbsolutePath);
        Assert.Equal($"http://127.0.0.1:{emulator.BaseAddress.Port}/openai/v1", emulator.OpenAIEndpoint.ToString());
        Assert.Equal(emulator.OpenAIEndpoint, emulator.GetEndpoint(EmulatorProtocols.OpenAI));
        Assert.Equal(emulator.OpenAIEndpoint, emulator.Endpoints[EmulatorProtocols.OpenAI]);
        Assert.Equal($"http://127.0.0.1:{emulator.BaseAddress.Port}/grsai", emulator.Endpoints[EmulatorProtocols.GrsAI].ToString());
        Assert.Equal($"http://127.0.0.1:{emulator.BaseAddress.Port}/media", emulator.Endpoints[EmulatorProtocols.Media].ToString());
        Assert.Equal($"http://127.0.0.1:{emulator.BaseAddress.Port}/acedata", emulator.AceDataEndpoint.ToString());
        Assert.Equal($"http://127.0.0.1:{emulator.BaseAddress.Port}/aivideoapi", emulator.AIVideoApiEndpoint.ToString());
        Assert.Equal(emulator.AceDataEndpoint, emulator.Endpoints[EmulatorProtocols.AceData]);
        Assert.Equal(emulator.AIVideoApiEndpoint, emulator.Endpoints[EmulatorProtocols.AIVideoApi]);
        Assert.Equal("emulator-key", emulator.ApiKey);
        Assert.Empty(emulator.Faults.All);
        Assert.Equal(0, emulator.Jobs.TotalCreated);
        Assert.Empty(emulator.Callbacks.All);
    }

    [Fact]
    public async Task StartAsync_TwoEmulators_GetDifferentPorts()
    {
        await using var first = await SoraEmulator.StartAsync();
        await using var second = await SoraEmulator.StartAsync();

        Assert.NotEqual(first.BaseAddress.Port, second.BaseAddress.Port);
    }

    [Fact]
    public async Task StartAsync_ExplicitPortAndKey_AreUsed()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { Port = port, ApiKey = "k" });

        Assert.Equal(port, emulator.BaseAddress.Port);
        Assert.Equal("k", emulator.ApiKey);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Port")]
    [InlineData("ApiKey")]
    [InlineData("JobDuration")]
    [InlineData("QueueDuration")]
    [InlineData("PollAfter")]
    [InlineData("RequestLogCapacity")]
    public async Task StartAsync_InvalidOption_ThrowsArgumentExceptionNamingIt(string setting)
    {
        var options = new SoraEmulatorOptions();
        switch (setting)
        {
            case "Host": options.Host = "localhost:80"; break;
            case "Port": options.Port = 70000; break;
            case "ApiKey": options.ApiKey = " "; break;
            case "JobDuration": options.JobDuration = TimeSpan.Zero; break;
            case "QueueDuration": options.QueueDuration = TimeSpan.FromSeconds(8); break;
            case "PollAfter": options.PollAfter = TimeSpan.FromSeconds(-1); break;
            case "RequestLogCapacity": options.RequestLogCapacity = 0; break;
        }

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => SoraEmulator.StartAsync(options));

        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_KeepTheLatestUpToTheConfiguredCapacity()
    {
        await using var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { ApiKey = null, RequestLogCapacity = 3 });
        using var http = new HttpClient();

        for (var i = 0; i < 5; i++)
        {
            using var response = await http.GetAsync(new Uri(emulator.OpenAIEndpoint + $"/videos/video_{i}"));
        }

        Assert.Equal(3, emulator.Requests.Capacity);
        Assert.Equal(["/videos/video_2", "/videos/video_3", "/videos/video_4"], emulator.Requests.All.Select(r => r.Path));
    }

    [Fact]
    public async Task StartAsync_OptionsChangedAfterStart_AreNotSeen()
    {
        var options = new SoraEmulatorOptions { ApiKey = "first" };
        await using var emulator = await SoraEmulator.StartAsync(options);
        options.ApiKey = "second";
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "first");

        using var response = await http.GetAsync(emulator.OpenAIEndpoint + "/videos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetEndpoint_UnknownProtocol_ThrowsListingKnownOnes()
    {
        await using var emulator = await SoraEmulator.StartAsync();

        var exception = Assert.Throws<ArgumentException>(() => emulator.GetEndpoint("nope"));

        Assert.Contains("openai", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_Twice_StopsListeningWithoutError()
    {
        var emulator = await SoraEmulator.StartAsync();
        var endpoint = emulator.OpenAIEndpoint;

        await emulator.DisposeAsync();
        await emulator.DisposeAsync();

        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(endpoint + "/videos"));
    }

    [Fact]
    public async Task AnyRequest_Always_CarriesRequestIdHeader()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var anonymous = new HttpClient();

        using var ok = await harness.Http.GetAsync("videos");
        using var unauthorized = await anonymous.GetAsync(harness.Emulator.OpenAIEndpoint + "/videos");
        using var outsideProtocols = await anonymous.GetAsync(harness.Emulator.BaseAddress + "nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, outsideProtocols.StatusCode);
        var ids = new[] { ok, unauthorized, outsideProtocols }.Select(r => Assert.Single(r.Headers.GetValues("x-request-id"))).ToList();
        Assert.All(ids, id => Assert.Matches("^req_[0-9a-f]{32}$", id));
        Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task UnknownRouteUnderProtocol_Any_Returns404InvalidUrlEnvelope()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.Http.PutAsync("videos", EmulatorHarness.Json("{}"));

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.NotFound, param: null, code: null);
        Assert.Equal("Invalid URL (PUT /v1/videos)", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Requests_AfterCalls_RecordsProtocolRelativePathAndRedactsKey()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateVideoIdAsync();
        using var _ = await harness.Http.GetAsync($"videos/{id}?x=1");

        var requests = harness.Emulator.Requests.All;

        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(EmulatorProtocols.OpenAI, r.Protocol));
        Assert.Equal(("POST", "/videos", 200), (requests[0].Method, requests[0].Path, requests[0].StatusCode));
        Assert.Equal(("GET", $"/videos/{id}", "?x=1"), (requests[1].Method, requests[1].Path, requests[1].Query));
        Assert.Equal("Bearer ***", requests[0].Headers["Authorization"]);
        Assert.Equal(1, harness.Emulator.Requests.Count(EmulatorProtocols.OpenAI, "GET", "/videos/*"));
        Assert.Equal(2, harness.Emulator.Requests.Count(path: "/videos/**"));
        Assert.Equal(harness.Time.GetUtcNow(), requests[0].Timestamp);

        harness.Emulator.Requests.Clear();
        Assert.Empty(harness.Emulator.Requests.All);
    }

    [Fact]
    public async Task Jobs_AfterCreates_CountsPerProtocolIncludingDeleted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();
        await harness.CreateVideoIdAsync("""{"prompt":"second"}""");
        using var _ = await harness.Http.DeleteAsync($"videos/{id}");

        Assert.Equal(2, harness.Emulator.Jobs.CreatedCount(EmulatorProtocols.OpenAI));
        Assert.Equal(2, harness.Emulator.Jobs.TotalCreated);
        Assert.Equal(0, harness.Emulator.Jobs.CreatedCount("grsai"));
        var remaining = Assert.Single(harness.Emulator.Jobs.List(EmulatorProtocols.OpenAI));
        Assert.Equal("second", remaining.Prompt);
        Assert.Equal(EmulatorJobStatus.Queued, remaining.Status);
        Assert.Null(harness.Emulator.Jobs.Find(id));
    }
}
