using System.Net;
using SoraClient.AspNetCore.Tests.Support;
using static SoraClient.AspNetCore.Tests.CallbackEndpointTests;

namespace SoraClient.AspNetCore.Tests;

/// <summary>OpenAI-style signed webhooks (Standard Webhooks) at <c>POST /sora/webhooks/{registration}</c>, on the manual clock.</summary>
public sealed class SignedWebhookEndpointTests
{
    private const string Path = "/sora/webhooks/openai";

    [Theory]
    [InlineData("video.completed", VideoJobStatus.Succeeded)]
    [InlineData("video.failed", VideoJobStatus.Failed)]
    public async Task Webhook_ValidSignature_IsConfirmedByOneReadAndReported(string type, VideoJobStatus readStatus)
    {
        await using var host = await WebhookHost.StartAsync();
        host.Gateway.Answer = (p, id) => readStatus == VideoJobStatus.Succeeded ? ScriptedGateway.Succeeded(p, id) : new VideoJob { Id = id, Provider = p, Status = readStatus };
        var body = WebhookHost.VideoEvent(type, "video_1");

        var response = await host.PostAsync(Path, body, WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow()));
        await host.Events.WaitForAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["video_1"], host.Gateway.Reads);
        Assert.Equal(("openai", "video_1", readStatus), (host.Events.Jobs[0].Provider, host.Events.Jobs[0].Id, host.Events.Jobs[0].Status));
    }

    [Fact]
    public async Task Webhook_SignatureAmongSeveral_AndSecondSecret_Verifies()
    {
        var newSecret = "whsec_" + Convert.ToBase64String("another secret for rotation"u8.ToArray());
        await using var host = await WebhookHost.StartAsync(o => o.WebhookSecrets = [newSecret, WebhookHost.Secret]);
        var body = WebhookHost.VideoEvent("video.completed", "video_1");
        var headers = WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow());
        headers[2].Item2 = "v1,AAAA " + headers[2].Item2; // a stale signature first, as during a rotation

        var response = await host.PostAsync(Path, body, headers);
        await host.Events.WaitForAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("body-changed")]
    [InlineData("id-changed")]
    [InlineData("no-signature")]
    [InlineData("v2-scheme")]
    public async Task Webhook_BadSignature_Is401AndChangesNothing(string how)
    {
        await using var host = await WebhookHost.StartAsync();
        var body = WebhookHost.VideoEvent("video.completed", "video_1");
        var now = host.Time.GetUtcNow();
        var headers = how switch
        {
            "wrong-secret" => WebhookHost.Sign(body, "msg_1", now, "whsec_" + Convert.ToBase64String("not the secret"u8.ToArray())),
            "id-changed" => [("webhook-id", "msg_2"), .. WebhookHost.Sign(body, "msg_1", now)[1..]],
            "no-signature" => WebhookHost.Sign(body, "msg_1", now)[..2],
            "v2-scheme" => [.. WebhookHost.Sign(body, "msg_1", now)[..2], ("webhook-signature", WebhookHost.Sign(body, "msg_1", now)[2].Item2.Replace("v1,", "v2,", StringComparison.Ordinal))],
            _ => WebhookHost.Sign(body, "msg_1", now),
        };

        var response = await host.PostAsync(Path, how == "body-changed" ? body.Replace("video_1", "video_2", StringComparison.Ordinal) : body, headers);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingHappenedAsync(host);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task Webhook_TimestampOutsideFiveMinutes_Is401(int secondsFromNow)
    {
        await using var host = await WebhookHost.StartAsync();
        var body = WebhookHost.VideoEvent("video.completed", "video_1");

        var response = await host.PostAsync(Path, body, WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow().AddSeconds(secondsFromNow)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingHappenedAsync(host);
    }

    [Fact]
    public async Task Webhook_TimestampJustInsideTheWindow_IsAccepted()
    {
        await using var host = await WebhookHost.StartAsync();
        var body = WebhookHost.VideoEvent("video.completed", "video_1");
        var headers = WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow());
        host.Time.Advance(TimeSpan.FromMinutes(4.9)); // delivered late, still within the window

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(Path, body, headers)).StatusCode);
    }

    [Fact]
    public async Task Webhook_Replayed_IsAnsweredButNotActedOnAgain()
    {
        await using var host = await WebhookHost.StartAsync();
        host.Gateway.Answer = (p, id) => ScriptedGateway.Running(p, id); // not finished yet: a replay would otherwise cost another read
        var body = WebhookHost.VideoEvent("video.completed", "video_1");
        var headers = WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow());
        await host.PostAsync(Path, body, headers);
        await host.Events.WaitForAsync(1);
        host.Time.Advance(TimeSpan.FromMinutes(1));

        var replay = await host.PostAsync(Path, body, headers);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await AssertNothingHappenedAsync(host, expectedReads: 1, expectedEvents: 1);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"video.completed\",\"data\":{}}")]
    [InlineData("[1,2]")]
    public async Task Webhook_SignedButMalformed_Is400(string body)
    {
        await using var host = await WebhookHost.StartAsync();

        var response = await host.PostAsync(Path, body, WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingHappenedAsync(host);
    }

    [Fact]
    public async Task Webhook_OtherEventType_IsAcknowledgedAndIgnored()
    {
        await using var host = await WebhookHost.StartAsync();
        var body = """{"id":"evt_1","type":"response.completed","data":{"id":"resp_1"}}""";

        var response = await host.PostAsync(Path, body, WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertNothingHappenedAsync(host);
    }

    [Fact]
    public async Task Webhook_UnknownRegistration_Is404()
    {
        await using var host = await WebhookHost.StartAsync();
        var body = WebhookHost.VideoEvent("video.completed", "video_1");

        var response = await host.PostAsync("/sora/webhooks/grsai", body, WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow())); // grsai takes callback URLs, not signed webhooks

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_OverTheLimit_Is413()
    {
        await using var host = await WebhookHost.StartAsync(o => o.MaxBodySize = 512);
        var body = WebhookHost.VideoEvent("video.completed", "video_1") + new string(' ', 1024);

        var response = await host.PostAsync(Path, body, WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_WakesAWaitOnTheRegistration()
    {
        await using var host = await WebhookHost.StartAsync();
        var wait = host.Generator("openai").WaitForCompletionAsync(new VideoJob { Id = "video_1", Provider = "openai", Status = VideoJobStatus.Queued });
        var body = WebhookHost.VideoEvent("video.completed", "video_1");

        await host.PostAsync(Path, body, WebhookHost.Sign(body, "msg_1", host.Time.GetUtcNow()));
        var job = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(["video_1"], host.Gateway.Reads); // the confirmation is the wait's only read
    }
}
