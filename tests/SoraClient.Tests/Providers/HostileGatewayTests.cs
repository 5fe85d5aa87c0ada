using System.Net;
using System.Text;
using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Testing.StubHttpHandler;

namespace SoraClient.Tests.Providers;

/// <summary>
/// A hostile or broken gateway against every adapter: never two creates, never a foreign exception once a create was
/// sent, gateway values that cannot crash a read, and no echoed key in any message, log or property.
/// </summary>
public sealed class HostileGatewayTests : IDisposable
{
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(30);
    private readonly StubHttpHandler _http = new();
    private readonly ManualTimeProvider _time = new();
    private readonly TestLoggerProvider _logs = new();

    public void Dispose()
    {
        _http.Dispose();
        _logs.Dispose();
    }

    private IVideoGenerator Create(HostileGateway gateway, Action<VideoProviderOptions>? configure = null) => gateway.Create(_http, _time, _logs, configure);

    private Task<T> RunAsync<T>(Task<T> task) => _time.RunAsync(task, s_step, s_limit);

    // ---- 1. the HTTP status decides whether a create may be retried, not the body ----

    public static TheoryData<string, int, string> RateLimitWordsInServerErrors => new()
    {
        { "grsai", 500, """{"code":500,"msg":"too many requests"}""" },
        { "acedata", 502, """{"success":false,"error":{"code":"too_many_requests","message":"slow down"}}""" },
        { "aivideoapi", 500, """{"error":{"code":"rate_limit_exceeded","message":"slow down"}}""" },
        { "openai", 500, """{"error":{"code":"rate_limit_exceeded","message":"Rate limit reached"}}""" },
        { "acedata", 500, """{"success":false,"error":{"code":"busy","message":"too many requests"}}""" },
        { "aivideoapi", 504, """{"error":{"code":"rate_limit_error","message":"too many requests"}}""" },
    };

    [Theory]
    [MemberData(nameof(RateLimitWordsInServerErrors))]
    public async Task SubmitAsync_ServerErrorWhoseBodySpeaksOfRateLimits_UncertainAndSentOnce(string name, int status, string body)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Json(status, body), _ => Json(200, gateway.Accepted));
        using var generator = Create(gateway);

        var ex = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => RunAsync(generator.SubmitAsync(HostileGateway.Request())));

        Assert.Single(_http.Requests);
        Assert.Contains($"HTTP {status}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileGateway.Names), MemberType = typeof(HostileGateway))]
    public async Task SubmitAsync_Real429_RetriedAndOneJob(string name)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Json(429, "{}", ("Retry-After", "2")), _ => Json(200, gateway.Accepted));
        using var generator = Create(gateway);

        var job = await RunAsync(generator.SubmitAsync(HostileGateway.Request()));

        Assert.Equal(gateway.JobId, job.Id);
        Assert.Equal(2, _http.Requests.Count);
    }

    // ---- 2. absurd hints are ignored (with a log line), never an OverflowException ----

    public static TheoryData<string, string, string> AbsurdHints
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var gateway in HostileGateway.All)
            {
                foreach (var (header, value) in new[]
                {
                    ("retry-after-ms", "1e300"), ("retry-after-ms", "-5"), ("retry-after-ms", "NaN"), ("retry-after-ms", "Infinity"),
                    ("retry-after-ms", "soon"), ("retry-after-ms", "1e15"), ("Retry-After", "-5"), ("Retry-After", "99999999999"),
                    ("Retry-After", "soon"), ("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"), ("openai-poll-after-ms", "1e300"),
                    ("openai-poll-after-ms", "-1"),
                })
                {
                    if (header != "openai-poll-after-ms" || gateway == HostileGateway.OpenAI) // only the OpenAI adapter reads its header
                    {
                        data.Add(gateway.Name, header, value);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AbsurdHints))]
    public async Task SubmitAsync_AbsurdHintOnAcceptedCreate_JobAndHintIgnored(string name, string header, string value)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Json(200, gateway.Accepted, (header, value)));
        using var generator = Create(gateway);

        var job = await RunAsync(generator.SubmitAsync(HostileGateway.Request()));

        Assert.Equal(gateway.JobId, job.Id);
        Assert.Null(job.PollAfter);
        Assert.Contains(_logs.Entries, e => e.Contains("ignored", StringComparison.Ordinal) && e.Contains(header, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(AbsurdHints))]
    public async Task GetJobAsync_AbsurdHintOnStatusRead_JobAndHintIgnored(string name, string header, string value)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(200, gateway.Running, (header, value)));
        using var generator = Create(gateway);

        var job = await RunAsync(generator.GetJobAsync(gateway.JobId));

        Assert.Equal(gateway.JobId, job.Id);
        Assert.Null(job.PollAfter);
    }

    [Theory]
    [MemberData(nameof(AbsurdHints))]
    public async Task GetJobAsync_AbsurdHintOnRateLimit_TypedErrorWithoutRetryAfter(string name, string header, string value)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(429, "{}", (header, value)));
        using var generator = Create(gateway, o => o.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<VideoRateLimitException>(() => RunAsync(generator.GetJobAsync(gateway.JobId)));

        Assert.Null(ex.RetryAfter);
    }

    [Theory]
    [InlineData("retry-after-ms", "1e300")]
    [InlineData("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")]
    public async Task GetContentAsync_AbsurdHintOnRefusedDownload_TypedError(string header, string value)
    {
        var gateway = HostileGateway.OpenAI;
        _http.On(HttpMethod.Get, "/v1/videos/video_1/content", _ => Json(404, """{"error":{"message":"gone"}}""", (header, value)));
        using var generator = Create(gateway, o => o.MaxRetries = 0);
        var job = new VideoJob { Id = "video_1", Provider = "openai", Status = VideoJobStatus.Succeeded };

        var ex = await Assert.ThrowsAsync<VideoJobNotFoundException>(() => RunAsync(generator.GetContentAsync(job)));

        Assert.Null(ex.RetryAfter);
    }

    [Fact]
    public async Task GetJobAsync_ReasonableHints_StillHonoured()
    {
        var gateway = HostileGateway.OpenAI;
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(200, gateway.Running, ("openai-poll-after-ms", "2500")));
        using var generator = Create(gateway);

        var job = await generator.GetJobAsync(gateway.JobId);

        Assert.Equal(TimeSpan.FromMilliseconds(2500), job.PollAfter);
    }

    // ---- 2-3. out-of-range gateway values are absent, never a crash ----

    public static TheoryData<string, string> OutOfRangeTimes => new()
    {
        { "openai", """{"id":"video_1","status":"completed","created_at":999999999999,"completed_at":-5,"expires_at":99999999999999}""" },
        { "openai", """{"id":"video_1","status":"queued","created_at":253402300800}""" },
        { "acedata", """{"id":"task_1","created_at":1e14,"finished_at":1e300}""" },
        { "acedata", """{"id":"task_1","created_at":-1e300,"response":{"success":true,"task_id":"task_1","data":[{"id":"v","state":"succeeded","video_url":"https://cdn.acedata.test/v.mp4"}]},"finished_at":1e17}""" },
        { "aivideoapi", """{"id":"task_1","status":"processing","created_at":1e17}""" },
        { "aivideoapi", """{"id":"task_1","status":"completed","created_at":1e300,"completed_at":"9999-12-31T23:59:59Z","output":{"urls":["https://cdn.aivideoapi.test/v.mp4"]}}""" },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeTimes))]
    public async Task GetJobAsync_OutOfRangeTimestamps_ReadAsAbsent(string name, string body)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(200, body));
        using var generator = Create(gateway);

        var job = await generator.GetJobAsync(gateway.JobId);

        Assert.Equal(gateway.JobId, job.Id);
        Assert.Null(job.CreatedAt);
        Assert.True(job.ExpiresAt is null || job.ExpiresAt > _time.GetUtcNow().AddYears(1000), $"ExpiresAt {job.ExpiresAt}");
    }

    [Fact]
    public async Task SubmitAsync_OpenAIAcceptedWithImpossibleCreatedAt_JobWithoutCreatedAt()
    {
        var gateway = HostileGateway.OpenAI;
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Json(200, """{"id":"video_1","status":"queued","created_at":999999999999}"""));
        using var generator = Create(gateway);

        var job = await generator.SubmitAsync(HostileGateway.Request());

        Assert.Equal("video_1", job.Id);
        Assert.Null(job.CreatedAt);
    }

    public static TheoryData<string, string> BlankIds => new()
    {
        { "openai", """{"id":"","status":"queued"}""" },
        { "openai", """{"id":"  ","status":"queued"}""" },
        { "acedata", """{"success":true,"task_id":""}""" },
        { "aivideoapi", """{"code":200,"msg":"success","data":{"taskId":""}}""" },
    };

    [Theory]
    [MemberData(nameof(BlankIds))]
    public async Task SubmitAsync_AcceptedWithABlankId_Uncertain(string name, string body)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Json(200, body));
        using var generator = Create(gateway);

        await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => RunAsync(generator.SubmitAsync(HostileGateway.Request())));

        Assert.Single(_http.Requests);
    }

    [Theory]
    [InlineData("openai", """{"id":"","status":"completed"}""")]
    [InlineData("aivideoapi", """{"id":"","taskId":" ","status":"failed"}""")]
    public async Task GetJobAsync_BlankIdInTheAnswer_JobKeepsTheAskedIdOrIsInvalid(string name, string body)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(200, body));
        using var generator = Create(gateway);

        try
        {
            var job = await generator.GetJobAsync(gateway.JobId);
            Assert.Equal(gateway.JobId, job.Id);
        }
        catch (VideoProviderException ex)
        {
            Assert.Equal("invalid_response", ex.ProviderErrorCode);
        }
    }

    [Theory]
    [InlineData("""{"id":"task_1","response":{"success":true,"task_id":"task_1","data":[null]}}""")]
    [InlineData("""{"id":"task_1","response":{"success":true,"task_id":"task_1","data":[null,{"id":"v","state":"succeeded","video_url":"https://cdn.acedata.test/v.mp4"}]}}""")]
    [InlineData("""{"id":"task_1","response":{"success":false,"task_id":"task_1","data":[null],"error":null}}""")]
    public async Task GetJobAsync_AceDataNullVideos_NoCrash(string body)
    {
        var gateway = HostileGateway.AceData;
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(200, body));
        using var generator = Create(gateway);

        var job = await generator.GetJobAsync(gateway.JobId);

        Assert.Equal("task_1", job.Id);
    }

    public static TheoryData<string> AIVideoApiOddErrorBodies => new()
    {
        """{"error":{"message":["x"]}}""",
        """{"error":{"code":{"a":1},"message":"m"}}""",
        """{"error":{"type":5}}""",
        """{"error":"text","msg":["x"]}""",
        """{"code":"500","msg":{"a":1}}""",
        """{"code":1e400}""",
    };

    [Theory]
    [MemberData(nameof(AIVideoApiOddErrorBodies))]
    public async Task SubmitAsync_AIVideoApiServerErrorOfOddShape_Uncertain(string body)
    {
        var gateway = HostileGateway.AIVideoApi;
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Json(500, body));
        using var generator = Create(gateway);

        await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => RunAsync(generator.SubmitAsync(HostileGateway.Request())));

        Assert.Single(_http.Requests);
    }

    [Theory]
    [MemberData(nameof(AIVideoApiOddErrorBodies))]
    public async Task GetJobAsync_AIVideoApiErrorOfOddShape_TypedError(string body)
    {
        var gateway = HostileGateway.AIVideoApi;
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(400, body));
        using var generator = Create(gateway);

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => generator.GetJobAsync(gateway.JobId));

        Assert.Equal(400, ex.StatusCode);
    }

    [Theory]
    [InlineData("""{"success":true,"task_id":"task_1","created_at":1e14,"data":[null]}""")]
    [InlineData("""{"id":"task_1","created_at":1e14,"finished_at":1e300,"response":{"success":true,"task_id":"task_1","data":[{"id":"v","state":"succeeded","video_url":"https://cdn.acedata.test/v.mp4"}]}}""")]
    public void AceDataCallbackParser_OutOfRangeValues_JobWithoutThem(string body)
    {
        var job = SoraClient.Providers.AceData.AceDataCallbackParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal("task_1", job.Id);
        Assert.Null(job.CreatedAt);
    }

    [Fact]
    public void AIVideoApiCallbackParser_OutOfRangeValues_JobWithoutThem()
    {
        var body = """{"id":"task_1","status":"completed","created_at":1e17,"completed_at":"9999-12-31T23:59:59Z","output":{"urls":["https://cdn.aivideoapi.test/v.mp4"]}}""";

        var job = SoraClient.Providers.AIVideoApi.AIVideoApiCallbackParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal("task_1", job.Id);
        Assert.Null(job.CreatedAt);
        Assert.Null(job.ExpiresAt);
    }

    // ---- 6. answers are read with a size limit ----

    [Theory]
    [MemberData(nameof(HostileGateway.Names), MemberType = typeof(HostileGateway))]
    public void Constructor_NonPositiveMaxResponseBytes_Refused(string name)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Create(HostileGateway.Named(name), o => o.MaxResponseBytes = 0));

        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileGateway.Names), MemberType = typeof(HostileGateway))]
    public async Task GetJobAsync_AnswerLargerThanTheLimit_InvalidResponseWithoutReadingTheRest(string name)
    {
        var gateway = HostileGateway.Named(name);
        var stream = new CountingStream(Padded(gateway.Running, 1024 * 1024));
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Streamed(stream, knownLength: false));
        using var generator = Create(gateway, o => (o.MaxResponseBytes, o.MaxRetries) = (16 * 1024, 0));

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => generator.GetJobAsync(gateway.JobId));

        Assert.Equal("invalid_response", ex.ProviderErrorCode);
        Assert.Contains("16384 bytes", ex.Message, StringComparison.Ordinal);
        Assert.InRange(stream.BytesRead, 1, 128 * 1024);
    }

    [Theory]
    [MemberData(nameof(HostileGateway.Names), MemberType = typeof(HostileGateway))]
    public async Task GetJobAsync_DeclaredLengthOverTheLimit_RefusedBeforeReading(string name)
    {
        var gateway = HostileGateway.Named(name);
        var stream = new CountingStream(Padded(gateway.Running, 1024 * 1024));
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Streamed(stream, knownLength: true));
        using var generator = Create(gateway, o => (o.MaxResponseBytes, o.MaxRetries) = (16 * 1024, 0));

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => generator.GetJobAsync(gateway.JobId));

        Assert.Equal("invalid_response", ex.ProviderErrorCode);
        Assert.Equal(0, stream.BytesRead);
    }

    [Theory]
    [MemberData(nameof(HostileGateway.Names), MemberType = typeof(HostileGateway))]
    public async Task SubmitAsync_AnswerLargerThanTheLimit_UncertainAndSentOnce(string name)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Streamed(new CountingStream(Padded(gateway.Accepted, 1024 * 1024)), knownLength: false));
        using var generator = Create(gateway, o => o.MaxResponseBytes = 16 * 1024);

        var ex = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => RunAsync(generator.SubmitAsync(HostileGateway.Request())));

        Assert.Single(_http.Requests);
        Assert.Contains("may exist", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileGateway.Names), MemberType = typeof(HostileGateway))]
    public async Task GetJobAsync_AnswerWithinTheLimit_Read(string name)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Streamed(new CountingStream(Padded(gateway.Running, 8 * 1024)), knownLength: false));
        using var generator = Create(gateway, o => o.MaxResponseBytes = 16 * 1024);

        var job = await generator.GetJobAsync(gateway.JobId);

        Assert.Equal(gateway.JobId, job.Id);
    }

    [Fact]
    public async Task GetJobAsync_BodyThatNeverEnds_OverRealSocket_StopsAtTheLimit()
    {
        await using var server = await EndlessServer.StartAsync();
        var gateway = HostileGateway.OpenAI;
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = EndlessServer.LoopbackOnlyAsync }) { Timeout = Timeout.InfiniteTimeSpan };
        using var generator = gateway.Create(client, _time, _logs, o => (o.Endpoint, o.MaxResponseBytes, o.MaxRetries) = (new Uri(server.Address, "v1"), 256 * 1024, 0));

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => generator.GetJobAsync("video_1").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("invalid_response", ex.ProviderErrorCode);
        Assert.InRange(server.BytesSent, 128 * 1024, 64L * 1024 * 1024); // the client stopped reading long before gigabytes
    }

    // ---- 9. text the gateway echoes is redacted everywhere ----

    public static TheoryData<string, string> FailedJobsEchoingTheKey => new()
    {
        { "openai", $$$"""{"id":"video_1","status":"failed","error":{"code":"bad_key {{{HostileGateway.Key}}}","message":"key {{{HostileGateway.Key}}} / {{{HostileGateway.MaskedKey}}} refused"}}""" },
        { "grsai", $$$"""{"code":0,"data":{"id":"task_1","status":"failed","failure_reason":"{{{HostileGateway.Key}}}","error":"key {{{HostileGateway.Key}}} / {{{HostileGateway.MaskedKey}}} refused"}}""" },
        { "acedata", $$$$"""{"id":"task_1","response":{"success":false,"task_id":"task_1","error":{"code":"{{{{HostileGateway.Key}}}}","message":"key {{{{HostileGateway.Key}}}} / {{{{HostileGateway.MaskedKey}}}} refused"}}}""" },
        { "aivideoapi", $$$"""{"id":"task_1","status":"failed","error":{"code":"{{{HostileGateway.Key}}}","message":"key {{{HostileGateway.Key}}} / {{{HostileGateway.MaskedKey}}} refused"}}""" },
    };

    [Theory]
    [MemberData(nameof(FailedJobsEchoingTheKey))]
    public async Task WaitForCompletionAsync_FailedJobEchoesTheKey_KeyInNoMessageNorProperty(string name, string body)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(200, body));
        using var generator = Create(gateway);

        var ex = await Assert.ThrowsAsync<VideoJobFailedException>(() => RunAsync(generator.WaitForCompletionAsync(gateway.JobId)));

        AssertNoKey(ex.Message);
        AssertNoKey(ex.ToString());
        AssertNoKey(ex.Job!.Error!.Message);
        AssertNoKey(ex.Job.Error.Code);
        AssertNoKey(_logs.AllText);
    }

    public static TheoryData<string, string> UnknownStatusesEchoingTheKey => new()
    {
        { "openai", $$$"""{"id":"video_1","status":"{{{HostileGateway.Key}}}"}""" },
        { "grsai", $$$"""{"code":0,"data":{"id":"task_1","status":"{{{HostileGateway.Key}}}"}}""" },
        { "acedata", $$$"""{"id":"task_1","response":{"success":true,"task_id":"task_1","data":[{"id":"v","state":"{{{HostileGateway.MaskedKey}}} {{{HostileGateway.Key}}}"}]}}""" },
        { "aivideoapi", $$$"""{"id":"task_1","status":"{{{HostileGateway.Key}}}"}""" },
    };

    [Theory]
    [MemberData(nameof(UnknownStatusesEchoingTheKey))]
    public async Task GetJobAsync_UnknownStatusWordEchoesTheKey_LoggedAndKeptRedacted(string name, string body)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(200, body));
        using var generator = Create(gateway);

        var job = await generator.GetJobAsync(gateway.JobId);

        Assert.Contains(_logs.Entries, e => e.Contains("undocumented", StringComparison.Ordinal));
        AssertNoKey(_logs.AllText);
        AssertNoKey(job.ProviderStatus);
    }

    [Theory]
    [MemberData(nameof(HostileGateway.Names), MemberType = typeof(HostileGateway))]
    public async Task GetJobAsync_ErrorEchoesTheKeyInRequestIdAndCode_Redacted(string name)
    {
        var gateway = HostileGateway.Named(name);
        var body = name switch
        {
            "openai" => $$$"""{"error":{"code":"{{{HostileGateway.Key}}}","message":"bad request"}}""",
            "grsai" => $$$"""{"code":"{{{HostileGateway.Key}}}","msg":"bad request"}""",
            "acedata" => $$$"""{"success":false,"error":{"code":"{{{HostileGateway.Key}}}","message":"bad request"},"trace_id":"{{{HostileGateway.Key}}}"}""",
            _ => $$$"""{"error":{"code":"{{{HostileGateway.Key}}}","message":"bad request"}}""",
        };
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(400, body, ("x-request-id", HostileGateway.MaskedKey + " " + HostileGateway.Key)));
        using var generator = Create(gateway);

        var ex = await Assert.ThrowsAnyAsync<VideoProviderException>(() => generator.GetJobAsync(gateway.JobId));

        AssertNoKey(ex.RequestId);
        AssertNoKey(ex.ProviderErrorCode);
        AssertNoKey(ex.Message);
        AssertNoKey(ex.ResponseBody);
        AssertNoKey(_logs.AllText);
    }

    private static void AssertNoKey(string? text)
    {
        Assert.DoesNotContain(HostileGateway.Key, text ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(HostileGateway.MaskedKey, text ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567890SECRET", text ?? string.Empty, StringComparison.Ordinal);
    }

    // ---- helpers ----

    /// <summary>The JSON object <paramref name="json"/> with a padding property that makes it about <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(string json, int size) =>
        Encoding.UTF8.GetBytes(json.TrimEnd()[..^1] + ",\"padding\":\"" + new string('x', Math.Max(0, size - json.Length)) + "\"}");

    private static HttpResponseMessage Streamed(CountingStream body, bool knownLength)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentLength = knownLength ? body.Length : null;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    /// <summary>A body that counts what the client read of it.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(base.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await base.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await base.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }

    /// <summary>A loopback server that answers every request with a 200 JSON body that never ends (no Content-Length, no close).</summary>
    private sealed class EndlessServer : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;
        private long _sent;

        private EndlessServer()
        {
            _listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _serving = ServeAsync();
        }

        public Uri Address { get; }

        public long BytesSent => Interlocked.Read(ref _sent);

        public static Task<EndlessServer> StartAsync() => Task.FromResult(new EndlessServer());

        /// <summary>Connects only to loopback addresses: a test must never send a packet elsewhere.</summary>
        public static async ValueTask<Stream> LoopbackOnlyAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var address = addresses.FirstOrDefault(IPAddress.IsLoopback)
                ?? throw new HttpRequestException($"refusing to connect to {context.DnsEndPoint.Host}: not a loopback address");
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // stopped
            }

            _stop.Dispose();
        }

        private async Task ServeAsync()
        {
            using var socket = await _listener.AcceptSocketAsync(_stop.Token);
            await using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
            var request = new byte[4096];
            _ = await stream.ReadAsync(request, _stop.Token);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"id\":\"video_1\",\"padding\":\""u8.ToArray(), _stop.Token);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            try
            {
                while (!_stop.IsCancellationRequested && BytesSent < 4L * 1024 * 1024 * 1024)
                {
                    await stream.WriteAsync(chunk, _stop.Token);
                    Interlocked.Add(ref _sent, chunk.Length);
                }
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // the client hung up: what the test expects
            }
        }
    }
}
