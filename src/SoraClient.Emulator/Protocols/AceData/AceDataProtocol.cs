using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using SoraClient.Emulator.Callbacks;
using SoraClient.Emulator.Hosting;
using SoraClient.Emulator.Jobs;
using SoraClient.Emulator.Media;
using SoraClient.Emulator.Protocols.Cdn;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary>
/// AceData Cloud's Sora API under <c>/acedata</c> (<c>POST /sora/videos</c>, <c>POST /sora/tasks</c>), written from
/// <c>providers/CONTRACTS.md</c> §3: versions 1.0 and 2.0 with their own durations and sizes; asynchronous (<c>async:true</c>),
/// callback (<c>callback_url</c>, POSTed when the job ends) and synchronous answers (held until the job ends, on the
/// emulator's clock); <c>retrieve</c> and <c>retrieve_batch</c>; errors as <c>{"success":false,"error":{code,message},"trace_id"}</c>.
/// </summary>
internal sealed class AceDataProtocol(SoraEmulatorOptions options, JobStore jobs, CallbackDispatcher callbacks, ILogger logger) : IEmulatorProtocol
{
    /// <summary>The most ids one <c>retrieve_batch</c> accepts (AceData documents none; the emulator's choice).</summary>
    public const int MaxBatchIds = 100;

    private const string Version1 = "1.0";
    private const string Version2 = "2.0";
    private static readonly string[] s_models = ["sora-2", "sora-2-pro"];
    private static readonly string[] s_sizes1 = ["small", "large"];
    private static readonly string[] s_orientations = ["landscape", "portrait"];
    private static readonly string[] s_sizes2 = ["720x1280", "1280x720", "1024x1792", "1792x1024"];

    public string Name => EmulatorProtocols.AceData;

    public string Prefix => "/acedata";

    public void MapRoutes(RouteGroupBuilder routes)
    {
        routes.MapPost("/sora/videos", Endpoint(CreateAsync));
        routes.MapPost("/sora/tasks", Endpoint(TasksAsync));
        routes.Map("/{**path}", Endpoint(context =>
            throw new AceDataRequestException(404, "no_api", $"The API {context.Request.Method} {context.GetProtocolRequest().Path} does not exist.")));
    }

    public Task WriteFaultAsync(HttpContext context, EmulatorFault fault)
    {
        var (status, code, message) = fault.Kind switch
        {
            EmulatorFaultKind.RateLimit => (429, "too_many_requests", "Too many requests, you have exceeded the rate limit."),
            EmulatorFaultKind.InsufficientBalance => (403, "used_up", "Your balance has been used up, please top up to continue."),
            _ => fault.StatusCode switch
            {
                503 => (503, "busy", "The upstream service is busy, please try again later."),
                504 => (504, "timeout", "The upstream service timed out."),
                var other => (other, "api_error", "Internal server error, something went wrong on the server."),
            },
        };
        return WriteErrorAsync(context, status, code, message);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string code, string message) =>
        EmulatorHttp.WriteJsonAsync(context, status, new AceDataErrorResponse { Error = new AceDataError { Code = code, Message = message }, TraceId = NewId() },
            AceDataJsonContext.Wire.AceDataErrorResponse);

    private static string NewId() => Guid.NewGuid().ToString();

    private RequestDelegate Endpoint(Func<HttpContext, Task> handler) => EmulatorHttp.Endpoint<AceDataRequestException>(handler, Authenticate,
        (context, refusal) => WriteErrorAsync(context, refusal.StatusCode, refusal.Code, refusal.Message),
        context => WriteErrorAsync(context, 500, "api_error", "Internal server error, something went wrong on the server."), logger);

    /// <summary><c>authorization: Bearer &lt;token&gt;</c>: missing → 400 <c>no_token</c>, wrong → 401 <c>invalid_token</c>.</summary>
    private void Authenticate(HttpRequest request)
    {
        var token = EmulatorHttp.BearerKey(request) ?? string.Empty;
        if (token.Length == 0)
        {
            throw new AceDataRequestException(400, "no_token", "The authorization token is missing; send 'authorization: Bearer {token}'.");
        }

        if (!EmulatorHttp.IsAccepted(token, options.ApiKey))
        {
            throw new AceDataRequestException(401, "invalid_token", "The token is invalid or missing.");
        }
    }

    private async Task CreateAsync(HttpContext context)
    {
        using var document = await ReadJsonObjectAsync(context).ConfigureAwait(false);
        var body = document.RootElement;
        var model = String(body, "model") ?? throw AceDataRequestException.BadRequest("model is required.");
        if (!s_models.Contains(model, StringComparer.Ordinal))
        {
            throw AceDataRequestException.BadRequest("model is invalid.");
        }

        var prompt = String(body, "prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw AceDataRequestException.BadRequest("prompt is required.");
        }

        var version = String(body, "version") ?? Version1;
        var duration = version switch
        {
            Version1 => ValidateVersion1(body, model),
            Version2 => ValidateVersion2(body),
            _ => throw AceDataRequestException.BadRequest($"version '{version}' is invalid; use {Version1} or {Version2}."),
        };
        var callbackUrl = String(body, "callback_url") is { } url
            ? Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : throw AceDataRequestException.BadRequest("callback_url must be an http or https URL.")
            : null;
        var isAsync = body.TryGetProperty("async", out var asyncValue) && asyncValue.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw AceDataRequestException.BadRequest("async must be a boolean."),
        };

        var id = NewId();
        var videoId = string.Equals(version, Version1, StringComparison.Ordinal) ? $"{model}:task_{EmulatorHttp.RandomHex(13)}" : NewId();
        var details = new AceDataJobDetails(model, version, duration, body.Clone(), NewId(), videoId, CdnProtocol.Url(context.Request, id, MediaAssets.Video));
        var job = jobs.Create(context.GetProtocolRequest(), id, prompt, details);
        if (callbackUrl is not null)
        {
            callbacks.Schedule(job, callbackUrl, (ended, state) => JsonSerializer.SerializeToUtf8Bytes(Result(ended, state), AceDataJsonContext.Wire.AceDataResult));
        }

        if (callbackUrl is not null || isAsync)
        {
            await EmulatorHttp.WriteJsonAsync(context, 200, new AceDataSubmitted { TaskId = id }, AceDataJsonContext.Wire.AceDataSubmitted).ConfigureAwait(false);
            return;
        }

        // The synchronous mode: the connection is held until the job ends (on the emulator's clock).
        while (jobs.Find(id) is { } current && !current.StateAt(jobs.Now).IsTerminal)
        {
            var wait = current.EndsAt - jobs.Now;
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
        }

        var ended = jobs.Find(id) ?? job;
        await EmulatorHttp.WriteJsonAsync(context, 200, Result(ended, ended.StateAt(jobs.Now)), AceDataJsonContext.Wire.AceDataResult).ConfigureAwait(false);
    }

    private static int ValidateVersion1(JsonElement body, string model)
    {
        int[] durations = string.Equals(model, "sora-2-pro", StringComparison.Ordinal) ? [10, 15, 25] : [10, 15];
        var duration = Int(body, "duration") ?? 10;
        if (!durations.Contains(duration))
        {
            throw AceDataRequestException.BadRequest($"duration {duration} is invalid for {model} on version {Version1}; use {string.Join(", ", durations)}.");
        }

        OneOf(body, "size", s_sizes1, Version1);
        OneOf(body, "orientation", s_orientations, Version1);
        ImageUrls(body);
        return duration;
    }

    private static int ValidateVersion2(JsonElement body)
    {
        var duration = Int(body, "duration") ?? 4;
        if (duration is not (4 or 8 or 12))
        {
            throw AceDataRequestException.BadRequest($"duration {duration} is invalid on version {Version2}; use 4, 8, 12.");
        }

        var size = OneOf(body, "size", s_sizes2, Version2) ?? s_sizes2[0];
        if (body.TryGetProperty("character_url", out _))
        {
            throw AceDataRequestException.BadRequest($"character_url is only supported on version {Version1}.");
        }

        // Only the first image is used, and it must match the size (checked when it is a base64 data URL; links are not fetched).
        if (ImageUrls(body).FirstOrDefault() is { } image && ImageSize(image) is { } info)
        {
            var expected = size.Split('x').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            if (info.Width != expected[0] || info.Height != expected[1])
            {
                throw AceDataRequestException.BadRequest($"the reference image is {info.Width}x{info.Height} but size is {size}; they must match on version {Version2}.");
            }
        }

        return duration;
    }

    private static string? OneOf(JsonElement body, string name, string[] allowed, string version)
    {
        var value = String(body, name);
        return value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw AceDataRequestException.BadRequest($"{name} '{value}' is invalid on version {version}; use {string.Join(", ", allowed)}.");
    }

    private static List<string> ImageUrls(JsonElement body)
    {
        if (!body.TryGetProperty("image_urls", out var urls) || urls.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return urls.ValueKind == JsonValueKind.Array && urls.EnumerateArray().All(u => u.ValueKind == JsonValueKind.String && u.GetString()!.Length > 0)
            ? [.. urls.EnumerateArray().Select(u => u.GetString()!)]
            : throw AceDataRequestException.BadRequest("image_urls must be an array of image URLs or base64 images.");
    }

    private static ImageInfo? ImageSize(string image)
    {
        var comma = image.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase);
        if (!image.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0)
        {
            return null;
        }

        try
        {
            return ImageHeader.TryRead(Convert.FromBase64String(image[(comma + 8)..]), out var info)
                ? info
                : throw AceDataRequestException.BadRequest("image_urls[0] is not a JPEG, PNG or WebP image.");
        }
        catch (FormatException)
        {
            throw AceDataRequestException.BadRequest("image_urls[0] is not valid base64.");
        }
    }

    private async Task TasksAsync(HttpContext context)
    {
        using var document = await ReadJsonObjectAsync(context).ConfigureAwait(false);
        var body = document.RootElement;
        var action = String(body, "action") ?? "retrieve";
        var now = jobs.Now;
        switch (action)
        {
            case "retrieve":
                var id = String(body, "id") ?? throw AceDataRequestException.BadRequest("id is required.");
                var job = jobs.Find(Name, id) ?? throw new AceDataRequestException(404, "not_found", $"The task '{id}' does not exist.");
                await EmulatorHttp.WriteJsonAsync(context, 200, ToTask(job, now), AceDataJsonContext.Wire.AceDataTask).ConfigureAwait(false);
                break;

            case "retrieve_batch":
                if (!body.TryGetProperty("ids", out var ids) || ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() == 0
                    || ids.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
                {
                    throw AceDataRequestException.BadRequest("ids must be a non-empty array of task ids.");
                }

                if (ids.GetArrayLength() > MaxBatchIds)
                {
                    throw AceDataRequestException.BadRequest($"ids may hold at most {MaxBatchIds} task ids.");
                }

                var items = ids.EnumerateArray().Select(i => jobs.Find(Name, i.GetString()!)).OfType<EmulatedJob>().Select(j => ToTask(j, now)).ToList();
                await EmulatorHttp.WriteJsonAsync(context, 200, new AceDataTaskBatch { Items = items, Count = items.Count }, AceDataJsonContext.Wire.AceDataTaskBatch).ConfigureAwait(false);
                break;

            default:
                throw AceDataRequestException.BadRequest($"action '{action}' is invalid; use retrieve or retrieve_batch.");
        }
    }

    /// <summary>A task: no <c>response</c> while queued, a <c>pending</c> video while running, the result once it ended.</summary>
    private static AceDataTask ToTask(EmulatedJob job, DateTimeOffset now)
    {
        var details = (AceDataJobDetails)job.Details;
        var state = job.StateAt(now);
        return new AceDataTask
        {
            InternalId = EmulatorHttp.RandomHex(12),
            Id = job.Id,
            CreatedAt = job.CreatedAt.ToUnixTimeMilliseconds() / 1000.0,
            Request = details.Request,
            TraceId = details.TraceId,
            Response = state.Status switch
            {
                EmulatorJobStatus.Queued => null,
                EmulatorJobStatus.Running => new AceDataResult
                {
                    Success = true,
                    TaskId = job.Id,
                    TraceId = details.TraceId,
                    Data = [new AceDataVideo { Id = details.VideoId, State = "pending", Prompt = job.Prompt, Model = details.Model, Duration = details.Duration }],
                },
                _ => Result(job, state),
            },
        };
    }

    /// <summary>The result of an ended job: the synchronous answer, the callback body and the task's <c>response</c>.</summary>
    private static AceDataResult Result(EmulatedJob job, JobState state)
    {
        var details = (AceDataJobDetails)job.Details;
        return state.Status == EmulatorJobStatus.Succeeded
            ? new AceDataResult
            {
                Success = true,
                TaskId = job.Id,
                TraceId = details.TraceId,
                Data = [new AceDataVideo { Id = details.VideoId, VideoUrl = details.VideoUrl, State = "succeeded", Prompt = job.Prompt, Model = details.Model, Duration = details.Duration }],
            }
            : new AceDataResult
            {
                Success = false,
                TaskId = job.Id,
                TraceId = details.TraceId,
                Error = state.Failure == EmulatorJobFailure.Moderation
                    ? new AceDataError { Code = "content_policy_violation", Message = "The prompt or the generated video was flagged by content moderation." }
                    : new AceDataError { Code = "api_error", Message = "The video generation failed upstream, please try again later." },
            };
    }

    private static Task<JsonDocument> ReadJsonObjectAsync(HttpContext context) => EmulatorHttp.ReadJsonObjectAsync(context,
        () => AceDataRequestException.BadRequest("The request body is not valid JSON."),
        () => AceDataRequestException.BadRequest("The request body must be a JSON object."));

    private static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw AceDataRequestException.BadRequest($"{name} must be a string.")
            : null;

    private static int? Int(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw AceDataRequestException.BadRequest($"{name} must be an integer.")
            : null;
}
