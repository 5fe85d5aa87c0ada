using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraClient.Emulator.Hosting;
using SoraClient.Emulator.Jobs;
using SoraClient.Emulator.Media;
using SoraClient.Emulator.Protocols.Cdn;

namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>
/// GrsAI's protocol under <c>/grsai</c>, written from <c>providers/CONTRACTS.md</c> §1 and GrsAI's own article:
/// <c>POST /v1/video/sora-video</c>, <c>/v1/video/sora-upload-character</c>, <c>/v1/video/sora-create-character</c> and
/// <c>/v1/draw/result</c>, each create in one of three modes chosen by <c>webHook</c>: absent or empty streams
/// <c>data: {task}</c> records on the open response, <c>"-1"</c> answers <c>{code:0, data:{id}}</c> at once (then poll),
/// a URL answers the same and posts the task to that URL as it changes. Business errors are HTTP 200 with <c>code != 0</c>.
/// </summary>
internal sealed class GrsAIProtocol(SoraEmulatorOptions options, JobStore jobs, ILogger logger) : IEmulatorProtocol, IDisposable
{
    private const string Model = "sora-2";
    private static readonly TimeSpan s_maxCharacterWindow = TimeSpan.FromSeconds(3);
    private readonly GrsAICallbacks _callbacks = new(options.TimeProvider, logger);

    public string Name => EmulatorProtocols.GrsAI;

    public string Prefix => "/grsai";

    /// <summary>How often a stream or a callback sender looks at the job (on the emulator's clock).</summary>
    internal static TimeSpan UpdateInterval { get; } = TimeSpan.FromSeconds(1);

    public void MapRoutes(RouteGroupBuilder routes)
    {
        // Callback senders stop with the server.
        ((IEndpointRouteBuilder)routes).ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(Dispose);
        routes.MapPost("/v1/video/sora-video", Endpoint(CreateVideoAsync));
        routes.MapPost("/v1/video/sora-upload-character", Endpoint(UploadCharacterAsync));
        routes.MapPost("/v1/video/sora-create-character", Endpoint(CreateCharacterAsync));
        routes.MapPost("/v1/draw/result", Endpoint(GetResultAsync));
        routes.Map("/{**path}", Endpoint(_ => throw new GrsAIRequestException(404, 404, "not found")));
    }

    public void Dispose() => _callbacks.Dispose();

    public Task WriteFaultAsync(HttpContext context, EmulatorFault fault)
    {
        var (status, code, message) = fault.Kind switch
        {
            EmulatorFaultKind.RateLimit => (429, 429, "too many requests, please slow down"),
            EmulatorFaultKind.InsufficientBalance => (200, GrsAIRequestException.InsufficientCredits, "insufficient credits"),
            _ => (fault.StatusCode, fault.StatusCode, "internal server error"),
        };
        return WriteErrorAsync(context, status, code, message);
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, int code, string message) =>
        EmulatorHttp.WriteJsonAsync(context, statusCode, new GrsAIResultResponse { Code = code, Msg = message }, EmulatorJsonContext.Wire.GrsAIResultResponse);

    /// <summary>Wraps a handler: checks the key and turns refusals (and bugs) into GrsAI's envelope.</summary>
    private RequestDelegate Endpoint(Func<HttpContext, Task> handler) => EmulatorHttp.Endpoint<GrsAIRequestException>(handler, Authenticate,
        (context, refusal) => WriteErrorAsync(context, refusal.StatusCode, refusal.Code, refusal.Message),
        context => WriteErrorAsync(context, 500, 500, "internal server error"), logger);

    /// <summary><c>Authorization: Bearer &lt;key&gt;</c>; a missing or wrong key is HTTP 401.</summary>
    private void Authenticate(HttpRequest request)
    {
        var key = EmulatorHttp.BearerKey(request) ?? string.Empty;
        if (key.Length == 0)
        {
            throw new GrsAIRequestException(401, 401, "missing API key: send Authorization: Bearer <apikey>");
        }

        if (!EmulatorHttp.IsAccepted(key, options.ApiKey))
        {
            throw new GrsAIRequestException(401, 401, "invalid API key");
        }
    }

    private async Task CreateVideoAsync(HttpContext context)
    {
        using var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var root = body.RootElement;
        var model = String(root, "model") ?? throw GrsAIRequestException.Parameter("model is required");
        if (!string.Equals(model, Model, StringComparison.Ordinal))
        {
            throw GrsAIRequestException.Parameter($"model '{model}' is not supported; use '{Model}'");
        }

        var prompt = String(root, "prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw GrsAIRequestException.Parameter("prompt is required");
        }

        var aspectRatio = OneOf(root, "aspectRatio", ["9:16", "16:9"]);
        var duration = Integer(root, "duration") ?? 10;
        if (duration is not (10 or 15))
        {
            throw GrsAIRequestException.Parameter(string.Create(CultureInfo.InvariantCulture, $"duration must be 10 or 15, not {duration}"));
        }

        var size = OneOf(root, "size", ["small", "large"]);
        CheckMedia(String(root, "url"), "url");
        var remixTargetId = String(root, "remixTargetId");
        if (remixTargetId is not null)
        {
            FindSucceededVideo(remixTargetId, "remixTargetId");
        }

        var details = NewDetails(context, GrsAITaskKind.Video, prompt) with
        {
            Model = model,
            AspectRatio = aspectRatio,
            Duration = duration,
            Size = size,
            RemixTargetId = remixTargetId,
            Pid = "s_" + EmulatorHttp.RandomHex(16),
        };
        await StartAsync(context, root, prompt, details).ConfigureAwait(false);
    }

    private async Task UploadCharacterAsync(HttpContext context)
    {
        using var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var url = String(body.RootElement, "url") ?? throw GrsAIRequestException.Parameter("url is required (a clip URL or its base64)");
        CheckMedia(url, "url");
        CheckTimestamps(body.RootElement);
        var details = NewDetails(context, GrsAITaskKind.Character, url) with { CharacterId = "emu_char_" + EmulatorHttp.RandomHex(6) };
        await StartAsync(context, body.RootElement, "character from " + url, details).ConfigureAwait(false);
    }

    private async Task CreateCharacterAsync(HttpContext context)
    {
        using var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var pid = String(body.RootElement, "pid") ?? throw GrsAIRequestException.Parameter("pid is required");
        var source = FindSucceededVideo(pid, "pid");
        CheckTimestamps(body.RootElement);
        var details = NewDetails(context, GrsAITaskKind.Character, source.Prompt) with { CharacterId = "emu_char_" + EmulatorHttp.RandomHex(6) };
        await StartAsync(context, body.RootElement, "character from " + source.Prompt, details).ConfigureAwait(false);
    }

    private async Task GetResultAsync(HttpContext context)
    {
        using var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var id = String(body.RootElement, "id") ?? throw GrsAIRequestException.Parameter("id is required");
        var now = jobs.Now;
        if (jobs.Find(Name, id) is not { Details: GrsAIJobDetails details } job || now < details.VisibleAt)
        {
            throw GrsAIRequestException.NotFound();
        }

        await EmulatorHttp.WriteJsonAsync(context, 200, new GrsAIResultResponse { Code = 0, Msg = "success", Data = ToTask(job, now) },
            EmulatorJsonContext.Wire.GrsAIResultResponse).ConfigureAwait(false);
    }

    /// <summary>Creates the job, then answers in the mode <c>webHook</c> asks for.</summary>
    private async Task StartAsync(HttpContext context, JsonElement root, string prompt, GrsAIJobDetails details)
    {
        var webHook = String(root, "webHook");
        Uri? callback = null;
        if (webHook is { Length: > 0 } and not "-1"
            && (!Uri.TryCreate(webHook, UriKind.Absolute, out callback) || callback.Scheme is not ("http" or "https")))
        {
            throw GrsAIRequestException.Parameter("webHook must be \"-1\" (poll), an http(s) URL (callbacks), or absent (stream)");
        }

        var shutProgress = root.TryGetProperty("shutProgress", out var shut) && shut.ValueKind == JsonValueKind.True;
        var job = jobs.Create(context.GetProtocolRequest(), Guid.NewGuid().ToString(), prompt, details);
        if (string.IsNullOrEmpty(webHook))
        {
            await StreamAsync(context, job.Id, shutProgress).ConfigureAwait(false);
            return;
        }

        if (callback is not null)
        {
            _callbacks.Start(callback, () => jobs.Find(Name, job.Id) is { } current ? Snapshot(current) : null, shutProgress);
        }

        await EmulatorHttp.WriteJsonAsync(context, 200, new GrsAISubmitResponse { Data = new GrsAITaskId { Id = job.Id } },
            EmulatorJsonContext.Wire.GrsAISubmitResponse).ConfigureAwait(false);
    }

    /// <summary>Streaming mode: a <c>data: {task}</c> record, blank-line separated, each time the task changes; the response ends after the final one.</summary>
    private async Task StreamAsync(HttpContext context, string jobId, bool shutProgress)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false); // headers now, even when records come later (shutProgress)
        string? written = null;
        while (jobs.Find(Name, jobId) is { } job)
        {
            var (json, terminal) = Snapshot(job);
            if ((!shutProgress || terminal) && !string.Equals(json, written, StringComparison.Ordinal))
            {
                await response.WriteAsync("data: " + json + "\n\n", context.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                written = json;
            }

            if (terminal)
            {
                return;
            }

            try
            {
                await Task.Delay(UpdateInterval, options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // the client hung up; the task carries on
            }
        }
    }

    private (string Json, bool Terminal) Snapshot(EmulatedJob job)
    {
        var task = ToTask(job, jobs.Now);
        return (JsonSerializer.Serialize(task, EmulatorJsonContext.Wire.GrsAITask), task.Status is "succeeded" or "failed");
    }

    private static GrsAITask ToTask(EmulatedJob job, DateTimeOffset now)
    {
        var details = (GrsAIJobDetails)job.Details;
        var state = job.StateAt(now);
        IReadOnlyList<GrsAIResult> results = state.Status != EmulatorJobStatus.Succeeded ? []
            : details.Kind == GrsAITaskKind.Character ? [new GrsAIResult { CharacterId = details.CharacterId }]
            : [new GrsAIResult { Url = CdnProtocol.Url(details.Origin, job.Id, MediaAssets.Video), RemoveWatermark = true, Pid = details.Pid }];
        var (reason, error) = state.Failure switch
        {
            EmulatorJobFailure.Moderation when details.Kind == GrsAITaskKind.Character => ("input_moderation", "The clip was rejected by moderation (real people cannot become characters)."),
            EmulatorJobFailure.Moderation => ("output_moderation", "The generated video was flagged by moderation."),
            EmulatorJobFailure.ServerError => ("error", "Generation failed upstream; please try again later."),
            _ => (string.Empty, string.Empty),
        };
        return new GrsAITask
        {
            Id = job.Id,
            Results = results,
            Progress = state.Progress,
            Status = state.Status switch
            {
                EmulatorJobStatus.Succeeded => "succeeded",
                EmulatorJobStatus.Failed => "failed",
                _ => "running", // GrsAI has no queued state
            },
            FailureReason = reason,
            Error = error,
        };
    }

    private GrsAIJobDetails NewDetails(HttpContext context, GrsAITaskKind kind, string prompt) => new(
        kind, null, null, null, null, null, null, null,
        Origin: $"{context.Request.Scheme}://{context.Request.Host}",
        VisibleAt: prompt.Contains(EmulatorPromptMarkers.NotVisibleYet, StringComparison.OrdinalIgnoreCase) ? jobs.Now + options.EffectiveQueueDuration : jobs.Now);

    private EmulatedJob FindSucceededVideo(string pid, string field)
    {
        var now = jobs.Now;
        return jobs.List(Name).FirstOrDefault(j => j.Details is GrsAIJobDetails { Kind: GrsAITaskKind.Video } d
                && string.Equals(d.Pid, pid, StringComparison.Ordinal) && j.StateAt(now).Status == EmulatorJobStatus.Succeeded)
            ?? throw GrsAIRequestException.Parameter($"{field} '{pid}' is not the pid of a finished video");
    }

    private static Task<JsonDocument> ReadBodyAsync(HttpContext context) => EmulatorHttp.ReadJsonObjectAsync(context,
        () => GrsAIRequestException.Parameter("the body must be a JSON object"),
        () => GrsAIRequestException.Parameter("the body must be a JSON object"));

    private static string? String(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw GrsAIRequestException.Parameter($"{name} must be a string");

    private static int? Integer(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw GrsAIRequestException.Parameter($"{name} must be an integer");

    private static string OneOf(JsonElement root, string name, string[] allowed)
    {
        var value = String(root, name) ?? allowed[0];
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw GrsAIRequestException.Parameter($"{name} must be {string.Join(" or ", allowed.Select(a => $"\"{a}\""))}, not \"{value}\"");
    }

    /// <summary>A media field holds an http(s) URL (not fetched) or base64.</summary>
    private static void CheckMedia(string? value, string name)
    {
        if (value is null || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var buffer = new byte[value.Length];
        if (value.Length == 0 || !Convert.TryFromBase64String(value, buffer, out _))
        {
            throw GrsAIRequestException.Parameter($"{name} must be an http(s) URL or base64 data");
        }
    }

    /// <summary><c>timestamps</c>: <c>"start,end"</c> in seconds, a window of at most 3 seconds.</summary>
    private static void CheckTimestamps(JsonElement root)
    {
        var text = String(root, "timestamps") ?? throw GrsAIRequestException.Parameter("timestamps is required (\"start,end\" in seconds)");
        var parts = text.Split(',');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
            || start < 0 || end <= start || TimeSpan.FromSeconds(end - start) > s_maxCharacterWindow)
        {
            throw GrsAIRequestException.Parameter($"timestamps must be \"start,end\" with a window of at most 3 seconds, not \"{text}\"");
        }
    }
}
