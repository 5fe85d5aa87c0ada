using System.Net;
using SoraClient.AspNetCore.Internal;
using SoraClient.AspNetCore.Tests.Support;

namespace SoraClient.AspNetCore.Tests;

/// <summary>The callback endpoint (<c>POST /sora/webhooks/{registration}/{correlation}?t=</c>) on the in-memory test server.</summary>
public sealed class CallbackEndpointTests
{
    [Theory]
    [InlineData("grsai")]
    [InlineData("acedata")]
    [InlineData("aivideoapi")]
    public async Task Callback_GoodToken_IsConfirmedByOneReadAndReported(string provider)
    {
        await using var host = await WebhookHost.StartAsync();
        var url = await host.CallbackUrlAsync(provider);

        var response = await host.PostAsync(url.PathAndQuery, WebhookHost.CallbackBody(provider, "job-7"));
        await host.Events.WaitForAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["job-7"], host.Gateway.Reads);
        var job = Assert.Single(host.Events.Jobs);
        Assert.Equal((provider, "job-7", VideoJobStatus.Succeeded), (job.Provider, job.Id, job.Status));
    }

    [Fact]
    public async Task Submit_WithoutCallbackUri_GetsASignedUrlAndLeavesTheCallersRequestAlone()
    {
        await using var host = await WebhookHost.StartAsync();
        var request = new VideoGenerationRequest("a cat");

        await host.Generator("acedata").SubmitAsync(request);

        Assert.Null(request.CallbackUri);
        var sent = Assert.Single(host.Gateway.Submitted).CallbackUri!;
        Assert.Matches("^https://app.example/sora/webhooks/acedata/[A-Za-z0-9_-]{22}\\?t=[A-Za-z0-9_-]{43}$", sent.AbsoluteUri);
    }

    [Fact]
    public async Task Submit_WithItsOwnCallbackUri_KeepsIt()
    {
        await using var host = await WebhookHost.StartAsync();
        var own = new Uri("https://mine.example/hook");

        await host.Generator("grsai").SubmitAsync(new VideoGenerationRequest("a cat") { CallbackUri = own });

        Assert.Equal(own, Assert.Single(host.Gateway.Submitted).CallbackUri);
    }

    [Fact]
    public async Task Submit_OnSignedWebhookRegistration_GetsNoCallbackUri()
    {
        await using var host = await WebhookHost.StartAsync();

        await host.Generator("openai").SubmitAsync(new VideoGenerationRequest("a cat"));

        Assert.Null(Assert.Single(host.Gateway.Submitted).CallbackUri);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("missing")]
    [InlineData("tampered-correlation")]
    [InlineData("other-provider")]
    public async Task Callback_BadToken_Is401AndChangesNothing(string how)
    {
        await using var host = await WebhookHost.StartAsync();
        var url = await host.CallbackUrlAsync("grsai");
        var other = await host.CallbackUrlAsync("acedata");
        var path = how switch
        {
            "wrong" => url.AbsolutePath + "?t=" + new string('A', 43),
            "missing" => url.AbsolutePath,
            "tampered-correlation" => url.AbsolutePath[..^1] + (url.AbsolutePath[^1] == 'A' ? 'B' : 'A') + url.Query,
            _ => "/sora/webhooks/grsai/" + other.Segments[^1] + other.Query, // acedata's correlation and token, sent as grsai
        };

        var response = await host.PostAsync(path, WebhookHost.CallbackBody("grsai", "job-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingHappenedAsync(host);
    }

    [Fact]
    public async Task Callback_TokenOfAnotherKey_Is401_AndARotatedKeyStillVerifies()
    {
        var correlation = CallbackToken.NewCorrelation();
        var signedWithOld = $"/sora/webhooks/aivideoapi/{correlation}?t={CallbackToken.Create(WebhookHost.OldKey, "aivideoapi", correlation)}";
        await using (var current = await WebhookHost.StartAsync())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await current.PostAsync(signedWithOld, WebhookHost.CallbackBody("aivideoapi", "job-1"))).StatusCode);
        }

        await using var rotating = await WebhookHost.StartAsync(o => o.SigningKeys = [WebhookHost.Key, WebhookHost.OldKey]);
        var response = await rotating.PostAsync(signedWithOld, WebhookHost.CallbackBody("aivideoapi", "job-1"));
        await rotating.Events.WaitForAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["job-1"], rotating.Gateway.Reads);
    }

    [Theory]
    [InlineData("/sora/webhooks/nobody/abc?t=x")]
    [InlineData("/sora/webhooks/openai/abc?t=x")] // a registration with signed webhooks only
    public async Task Callback_UnknownRegistration_Is404(string path)
    {
        await using var host = await WebhookHost.StartAsync();

        var response = await host.PostAsync(path, "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertNothingHappenedAsync(host);
    }

    [Fact]
    public async Task Callback_BodyOverTheLimitByContentLength_Is413()
    {
        await using var host = await WebhookHost.StartAsync(o => o.MaxBodySize = 1024);
        var url = await host.CallbackUrlAsync("grsai");

        var response = await host.PostAsync(url.PathAndQuery, WebhookHost.CallbackBody("grsai", "job-1") + new string(' ', 2048));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingHappenedAsync(host);
    }

    [Fact]
    public async Task Callback_EndlessBodyWithoutLength_Is413WithoutReadingItAll()
    {
        await using var host = await WebhookHost.StartAsync(o => o.MaxBodySize = 1024);
        var url = await host.CallbackUrlAsync("grsai");
        var endless = new EndlessStream();
        using var request = new HttpRequestMessage(HttpMethod.Post, url.PathAndQuery) { Content = new StreamContent(endless) };

        using var response = await host.Client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(10)); // reading it all would never end

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingHappenedAsync(host);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"unexpected\":true}")]
    [InlineData("")]
    public async Task Callback_MalformedBody_Is400(string body)
    {
        await using var host = await WebhookHost.StartAsync();
        var url = await host.CallbackUrlAsync("aivideoapi");

        var response = await host.PostAsync(url.PathAndQuery, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingHappenedAsync(host);
    }

    [Fact]
    public async Task Callback_DeliveredTwice_IsReadAndReportedOnce()
    {
        await using var host = await WebhookHost.StartAsync();
        var url = await host.CallbackUrlAsync("acedata");
        var body = WebhookHost.CallbackBody("acedata", "job-1");

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(url.PathAndQuery, body)).StatusCode);
        await host.Events.WaitForAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(url.PathAndQuery, body)).StatusCode);
        await AssertNothingHappenedAsync(host, expectedReads: 1, expectedEvents: 1);
    }

    [Fact]
    public async Task Callback_RunningAfterSucceeded_NeverMovesTheJobBack()
    {
        await using var host = await WebhookHost.StartAsync();
        var url = await host.CallbackUrlAsync("aivideoapi");
        await host.PostAsync(url.PathAndQuery, WebhookHost.CallbackBody("aivideoapi", "job-1"));
        await host.Events.WaitForAsync(1);
        host.Gateway.Answer = (p, id) => ScriptedGateway.Running(p, id); // whatever a late read would say

        var late = await host.PostAsync(url.PathAndQuery, WebhookHost.CallbackBody("aivideoapi", "job-1", done: false));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        await AssertNothingHappenedAsync(host, expectedReads: 1, expectedEvents: 1);
        var job = await host.Generator("aivideoapi").WaitForCompletionAsync(new VideoJob { Id = "job-1", Provider = "aivideoapi", Status = VideoJobStatus.Queued })
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(VideoJobStatus.Succeeded, job.Status); // the wait takes the confirmed end at once
    }

    [Fact]
    public async Task Callback_ForgedSucceededContradictedByTheRead_JobStaysRunning()
    {
        await using var host = await WebhookHost.StartAsync();
        host.Gateway.Answer = (p, id) => ScriptedGateway.Running(p, id, 40);
        var url = await host.CallbackUrlAsync("grsai");
        var wait = host.Generator("grsai").WaitForCompletionAsync(new VideoJob { Id = "job-1", Provider = "grsai", Status = VideoJobStatus.Queued });

        var response = await host.PostAsync(url.PathAndQuery, WebhookHost.CallbackBody("grsai", "job-1"));
        await host.Events.WaitForAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(VideoJobStatus.Running, Assert.Single(host.Events.Jobs).Status);
        Assert.False(wait.IsCompleted);
        host.Gateway.Answer = ScriptedGateway.Succeeded; // the real end, reported by the gateway later
        await host.PostAsync(url.PathAndQuery, WebhookHost.CallbackBody("grsai", "job-1"));
        Assert.Equal(VideoJobStatus.Succeeded, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).Status);
    }

    [Fact]
    public async Task Callback_WithConfirmationOff_IsBelievedWithoutARead()
    {
        await using var host = await WebhookHost.StartAsync(o => o.ConfirmCallbacks = false);
        var url = await host.CallbackUrlAsync("aivideoapi");

        await host.PostAsync(url.PathAndQuery, WebhookHost.CallbackBody("aivideoapi", "job-1"));
        await host.Events.WaitForAsync(1);

        Assert.Empty(host.Gateway.Reads);
        Assert.Equal(VideoJobStatus.Succeeded, Assert.Single(host.Events.Jobs).Status);
    }

    [Fact]
    public async Task Callback_HandlerThrows_StillAnswers200AndTheWaitCompletes()
    {
        await using var host = await WebhookHost.StartAsync();
        host.Events.Fail = true;
        var url = await host.CallbackUrlAsync("acedata");
        var wait = host.Generator("acedata").WaitForCompletionAsync(new VideoJob { Id = "job-1", Provider = "acedata", Status = VideoJobStatus.Queued });

        var response = await host.PostAsync(url.PathAndQuery, WebhookHost.CallbackBody("acedata", "job-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(VideoJobStatus.Succeeded, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).Status);
    }

    /// <summary>
    /// Sends a valid callback for another job and waits until it is reported: anything an earlier request queued would
    /// have been handled by then, so the counts show exactly what the earlier requests caused.
    /// </summary>
    internal static async Task AssertNothingHappenedAsync(WebhookHost host, int expectedReads = 0, int expectedEvents = 0)
    {
        var url = await host.CallbackUrlAsync("aivideoapi");
        host.Gateway.Answer = ScriptedGateway.Succeeded;
        await host.PostAsync(url.PathAndQuery, WebhookHost.CallbackBody("aivideoapi", "probe"));
        await host.Events.WaitForAsync(expectedEvents + 1);

        Assert.Equal(expectedReads, host.Gateway.Reads.Count(id => id != "probe"));
        Assert.Equal(expectedEvents, host.Events.Jobs.Count(j => j.Id != "probe"));
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
