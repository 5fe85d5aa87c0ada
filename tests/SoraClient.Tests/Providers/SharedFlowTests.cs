using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Testing.StubHttpHandler;

namespace SoraClient.Tests.Providers;

/// <summary>
/// The flows every adapter shares through <c>ProviderRuntime</c> (issue 14): one rule for an accepted create whose answer
/// cannot be read, and the gateway's poll hint on a successful answer reaching the job (and so the waiter).
/// </summary>
public sealed class SharedFlowTests : IDisposable
{
    private readonly StubHttpHandler _http = new();
    private readonly ManualTimeProvider _time = new();
    private readonly TestLoggerProvider _logs = new();

    public void Dispose()
    {
        _http.Dispose();
        _logs.Dispose();
    }

    public static TheoryData<string, string> UnreadableCreateAnswers
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var gateway in HostileGateway.All)
            {
                foreach (var body in new[] { "{not json", "[1,2]", "{}", "\"accepted\"" })
                {
                    data.Add(gateway.Name, body);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(UnreadableCreateAnswers))]
    public async Task SubmitAsync_AcceptedButUnreadable_IsUncertainWithTheInvalidResponseCode_AndSentOnce(string name, string body)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Json(200, body), _ => Json(200, gateway.Accepted));
        using var generator = gateway.Create(_http, _time, _logs);

        var error = await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.SubmitAsync(HostileGateway.Request()));

        Assert.Single(_http.Requests);
        var inner = Assert.IsType<VideoProviderException>(error.InnerException);
        Assert.Equal("invalid_response", inner.ProviderErrorCode);
        Assert.Equal(200, inner.StatusCode);
        Assert.Contains("the job may exist and be billed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileGateway.Names), MemberType = typeof(HostileGateway))]
    public async Task GetJobAsync_RetryAfterOnASuccessfulRead_BecomesThePollHint(string name)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(200, gateway.Running, ("Retry-After", "7")));
        using var generator = gateway.Create(_http, _time, _logs);

        var job = await generator.GetJobAsync(gateway.JobId);

        Assert.Equal(TimeSpan.FromSeconds(7), job.PollAfter);
    }

    [Theory]
    [MemberData(nameof(HostileGateway.Names), MemberType = typeof(HostileGateway))]
    public async Task SubmitAsync_RetryAfterOnTheAcceptedCreate_BecomesThePollHint(string name)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Json(200, gateway.Accepted, ("Retry-After", "9")));
        using var generator = gateway.Create(_http, _time, _logs);

        var job = await generator.SubmitAsync(HostileGateway.Request());

        Assert.Equal(TimeSpan.FromSeconds(9), job.PollAfter);
    }

    // ---- content-policy words win over a generic code (the same words for every gateway) ----

    public static TheoryData<string, string> BlockedJobs => new()
    {
        { "acedata", """{"id":"task_1","response":{"success":false,"task_id":"task_1","error":{"code":"api_error","message":"content policy violation"}}}""" },
        { "aivideoapi", """{"id":"task_1","status":"failed","error":{"code":"upstream_error","message":"rejected by the upstream content policy"}}""" },
        { "grsai", """{"code":0,"msg":"success","data":{"id":"task_1","status":"failed","failure_reason":"error","error":"prompt blocked: NSFW content"}}""" },
        { "openai", """{"id":"video_1","object":"video","status":"failed","error":{"code":"server_error","message":"rejected by the content policy"}}""" },
    };

    [Theory]
    [MemberData(nameof(BlockedJobs))]
    public async Task GetJobAsync_AFailureWhoseWordsSpeakOfContentPolicy_IsContentPolicyAndNotRetryable(string name, string answer)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.StatusMethod, gateway.StatusPath, _ => Json(200, answer));
        using var generator = gateway.Create(_http, _time, _logs);

        var job = await generator.GetJobAsync(gateway.JobId);

        Assert.Equal(VideoJobStatus.Failed, job.Status);
        Assert.Equal(VideoErrorCategory.ContentPolicy, job.Error!.Category);
        Assert.False(job.Error.IsRetryable);
    }

    public static TheoryData<string, string> BlockedCreates => new()
    {
        { "acedata", """{"success":false,"error":{"code":"api_error","message":"content policy violation"},"trace_id":"t"}""" },
        { "aivideoapi", """{"error":{"code":"upstream_error","message":"rejected by the upstream content policy","type":"api_error"}}""" },
        { "grsai", """{"code":-3,"msg":"the prompt violates the content policy"}""" },
        { "openai", """{"error":{"code":"api_error","message":"Your request was rejected by the safety system","type":"invalid_request_error"}}""" },
    };

    [Theory]
    [MemberData(nameof(BlockedCreates))]
    public async Task SubmitAsync_AnErrorWhoseWordsSpeakOfContentPolicy_IsAContentPolicyException(string name, string answer)
    {
        var gateway = HostileGateway.Named(name);
        _http.On(gateway.CreateMethod, gateway.CreatePath, _ => Json(400, answer));
        using var generator = gateway.Create(_http, _time, _logs);

        var error = await Assert.ThrowsAsync<VideoContentPolicyException>(() => generator.SubmitAsync(HostileGateway.Request()));

        Assert.False(error.IsTransient);
        Assert.Single(_http.Requests);
    }
}
