using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.GrsAI;

namespace SoraClient.AspNetCore.Internal;

/// <summary>
/// The two webhook endpoints. Nothing a request carries is acted on before it is verified: an unknown registration is
/// 404, a bad token or signature 401, a body over the limit 413 (refused by its length, or after reading one byte past
/// the limit), a body that does not parse 400. A verified callback is queued for confirmation and answered at once.
/// </summary>
internal sealed class WebhookEndpoint(IServiceProvider services, WebhookRegistry registry, IOptionsMonitor<SoraWebhookOptions> optionsMonitor,
    WebhookJobHub hub, WebhookProcessor processor, StandardWebhookVerifier verifier, ILogger<WebhookEndpoint> logger)
{
    /// <summary><c>POST {path}/{provider}/{correlation}?t={token}</c>: a gateway's callback to a URL the SDK made.</summary>
    public async Task ReceiveCallbackAsync(HttpContext context)
    {
        var provider = (string)context.Request.RouteValues["provider"]!;
        var correlation = (string)context.Request.RouteValues["correlation"]!;
        if (!registry.Contains(provider) || optionsMonitor.Get(provider) is not { PublicBaseUri: not null } options
            || services.GetKeyedService<IVideoGenerator>(provider) is not { } generator || ParserFor(generator, provider) is not { } parse)
        {
            Refuse(context, StatusCodes.Status404NotFound, provider, "no registration takes callbacks under this name");
            return;
        }

        if (!CallbackToken.Verify(options.SigningKeys, provider, correlation, context.Request.Query["t"]))
        {
            Refuse(context, StatusCodes.Status401Unauthorized, provider, "missing or wrong callback token");
            return;
        }

        if (await ReadBodyAsync(context, options.MaxBodySize).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        VideoJob claimed;
        try
        {
            claimed = parse(body);
        }
        catch (Exception ex) when (ex is FormatException or VideoGenerationException)
        {
            Refuse(context, StatusCodes.Status400BadRequest, provider, "the body is not a callback of this gateway");
            return;
        }

        Accept(context, claimed, options.ConfirmCallbacks);
    }

    /// <summary><c>POST {path}/{provider}</c>: an OpenAI-style signed webhook (Standard Webhooks).</summary>
    public async Task ReceiveSignedAsync(HttpContext context)
    {
        var provider = (string)context.Request.RouteValues["provider"]!;
        if (!registry.Contains(provider) || optionsMonitor.Get(provider) is not { WebhookSecrets.Count: > 0 } options)
        {
            Refuse(context, StatusCodes.Status404NotFound, provider, "no registration takes signed webhooks under this name");
            return;
        }

        var headers = context.Request.Headers;
        string? id = headers["webhook-id"], timestamp = headers["webhook-timestamp"], signature = headers["webhook-signature"];
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            Refuse(context, StatusCodes.Status401Unauthorized, provider, "webhook-id, webhook-timestamp or webhook-signature missing");
            return;
        }

        if (await ReadBodyAsync(context, options.MaxBodySize).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        switch (verifier.Verify(provider, options.WebhookSecrets, id, timestamp, signature, body, options.SignatureTolerance))
        {
            case SignatureVerdict.Invalid:
                Refuse(context, StatusCodes.Status401Unauthorized, provider, "bad signature");
                return;
            case SignatureVerdict.Expired:
                Refuse(context, StatusCodes.Status401Unauthorized, provider, "webhook-timestamp outside the tolerance");
                return;
            case SignatureVerdict.Replayed:
                WebhookLog.Ignored(logger, provider, id, "webhook-id already received");
                context.Response.StatusCode = StatusCodes.Status200OK; // taken before: nothing more to do, and nothing to redeliver
                return;
        }

        if (!TryReadEvent(body, provider, out var claimed))
        {
            verifier.Forget(provider, id);
            Refuse(context, StatusCodes.Status400BadRequest, provider, "the body is not a video event");
            return;
        }

        if (claimed is null)
        {
            context.Response.StatusCode = StatusCodes.Status200OK; // another event type: not ours to handle
            return;
        }

        if (!Accept(context, claimed, confirm: true))
        {
            verifier.Forget(provider, id);
        }
    }

    /// <summary>The parser of the registration's callback bodies, or <see langword="null"/> when its gateway posts none.</summary>
    private static Func<byte[], VideoJob>? ParserFor(IVideoGenerator generator, string provider) =>
        generator.GetService(typeof(GrsAIVideoGenerator)) is GrsAIVideoGenerator grsai ? body => grsai.ParseCallback(body)
        : generator.GetService(typeof(AceDataVideoGenerator)) is not null ? body => AceDataCallbackParser.Parse(body, provider)
        : generator.GetService(typeof(AIVideoApiVideoGenerator)) is not null ? body => AIVideoApiCallbackParser.Parse(body, provider)
        : null;

    /// <summary>Reads <c>{"type":"video.completed"|"video.failed","data":{"id"}}</c>; other event types give a <see langword="null"/> job.</summary>
    private static bool TryReadEvent(byte[] body, string provider, out VideoJob? claimed)
    {
        claimed = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var status = type.GetString() switch
            {
                "video.completed" => VideoJobStatus.Succeeded,
                "video.failed" => VideoJobStatus.Failed,
                _ => (VideoJobStatus?)null,
            };
            if (status is null)
            {
                return true;
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("id", out var id) || id.GetString() is not { Length: > 0 } videoId)
            {
                return false;
            }

            claimed = new VideoJob { Id = videoId, Provider = provider, Status = status.Value, ProviderStatus = type.GetString() };
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the body, at most one byte past <paramref name="limit"/>; a longer body (by its Content-Length or by what was
    /// read) is answered 413 and <see langword="null"/> returned.
    /// </summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context, int limit)
    {
        var provider = (string)context.Request.RouteValues["provider"]!;
        if (context.Request.ContentLength > limit)
        {
            Refuse(context, StatusCodes.Status413PayloadTooLarge, provider, $"the body is over {limit} bytes");
            return null;
        }

        var buffer = new byte[(int)Math.Min(limit + 1L, context.Request.ContentLength ?? limit + 1L)];
        var read = 0;
        int count;
        while (read < buffer.Length && (count = await context.Request.Body.ReadAsync(buffer.AsMemory(read), context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            read += count;
        }

        if (read > limit)
        {
            Refuse(context, StatusCodes.Status413PayloadTooLarge, provider, $"the body is over {limit} bytes");
            return null;
        }

        return buffer.AsSpan(0, read).ToArray();
    }

    /// <summary>
    /// Queues a verified claim for confirmation and answers 200. A claim that is not an end (progress) is acknowledged and
    /// dropped: only an end is worth a status read, and progress is read by the safety poll. A claim for a job whose end is
    /// known already is a duplicate: acknowledged, no read.
    /// </summary>
    private bool Accept(HttpContext context, VideoJob claimed, bool confirm)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (!claimed.IsTerminal)
        {
            WebhookLog.Ignored(logger, claimed.Provider, claimed.Id, $"progress ({claimed.Status}) is not confirmed by a read");
            return true;
        }

        if (hub.Find(claimed.Provider, claimed.Id) is { IsTerminal: true })
        {
            WebhookLog.Ignored(logger, claimed.Provider, claimed.Id, "its end is known already");
            return true;
        }

        if (!processor.TryEnqueue(new WebhookHint(claimed, confirm)))
        {
            WebhookLog.QueueFull(logger, claimed.Provider, claimed.Id);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return false;
        }

        return true;
    }

    private void Refuse(HttpContext context, int status, string provider, string reason)
    {
        WebhookLog.Refused(logger, provider, reason);
        context.Response.StatusCode = status;
    }
}
