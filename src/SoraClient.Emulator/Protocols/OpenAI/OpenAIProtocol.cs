using SoraClient.Emulator.Callbacks;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using SoraClient.Emulator.Hosting;
using SoraClient.Emulator.Jobs;
using SoraClient.Emulator.Media;

namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>
/// The OpenAI-compatible <c>/v1/videos</c> protocol (OpenAI, APIYI, Azure OpenAI v1) under <c>/openai/v1</c>,
/// written from <c>providers/CONTRACTS.md</c> §2 and §5 and OpenAI's OpenAPI spec.
/// </summary>
internal sealed class OpenAIProtocol(SoraEmulatorOptions options, JobStore jobs, CallbackDispatcher callbacks, OpenAIWebhookTarget webhooks, ILogger logger) : IEmulatorProtocol
{
    private const int MaxPromptLength = 32_000;
    private const int MaxCharacters = 2;
    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    public string Name => EmulatorProtocols.OpenAI;

    public string Prefix => "/openai/v1";

    public void MapRoutes(RouteGroupBuilder routes)
    {
        routes.MapPost("/videos", Endpoint(CreateVideoAsync));
        routes.MapGet("/videos", Endpoint(ListVideosAsync));
        routes.MapGet("/videos/{video_id}", Endpoint(GetVideoAsync));
        routes.MapDelete("/videos/{video_id}", Endpoint(DeleteVideoAsync));
        routes.MapGet("/videos/{video_id}/content", Endpoint(GetContentAsync));
        routes.MapPost("/videos/{video_id}/remix", Endpoint(RemixVideoAsync));
        routes.Map("/{**path}", Endpoint(UnknownUrlAsync));
    }

    public Task WriteFaultAsync(HttpContext context, EmulatorFault fault)
    {
        var (message, type, code) = fault.Kind switch
        {
            EmulatorFaultKind.RateLimit => (
                $"Rate limit reached for requests. Please try again in {Math.Ceiling(fault.RetryAfter?.TotalSeconds ?? 1)}s.", "requests", "rate_limit_exceeded"),
            EmulatorFaultKind.InsufficientBalance => (
                "Insufficient account balance: your quota has been used up. Please top up your account to continue.", "insufficient_quota", "insufficient_quota"),
            _ => fault.StatusCode switch
            {
                502 => ("Bad gateway.", "server_error", (string?)null),
                503 => ("The server is overloaded or not ready yet.", "server_error", null),
                504 => ("Gateway timeout.", "server_error", null),
                _ => ("The server had an error while processing your request. Sorry about that!", "server_error", null),
            },
        };

        return WriteErrorAsync(context, fault.StatusCode, new OpenAIError { Message = message, Type = type, Param = null, Code = code });
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, OpenAIError error) =>
        EmulatorHttp.WriteJsonAsync(context, statusCode, new OpenAIErrorResponse { Error = error }, EmulatorJsonContext.Wire.OpenAIErrorResponse);

    private static string VideoId(HttpContext context) => (string)context.Request.RouteValues["video_id"]!;

    /// <summary>A project webhook: when the video ends, a signed <c>video.completed</c> or <c>video.failed</c> event (once; OpenAI retries are not emulated).</summary>
    private void ScheduleWebhook(EmulatedJob job)
    {
        if (webhooks.Url is not { } url)
        {
            return;
        }

        var eventId = "evt_" + EmulatorHttp.RandomHex(12);
        callbacks.Schedule(job, url,
            (ended, state) => StandardWebhookSigner.VideoEvent(eventId, state.Status == EmulatorJobStatus.Succeeded ? "video.completed" : "video.failed", ended.Id, jobs.Now),
            (body, at) => StandardWebhookSigner.Headers(webhooks.Secret, eventId, body, at));
    }

    private static string NewVideoId() => "video_" + EmulatorHttp.RandomHex(24);

    private static string ValidatePrompt(string? prompt, string param = "prompt")
    {
        if (prompt is null)
        {
            throw OpenAIRequestException.MissingParameter(param);
        }

        if (prompt.Length == 0)
        {
            throw OpenAIRequestException.InvalidRequest(
                $"Invalid '{param}': string too short. Expected a string with minimum length 1, but got an empty string instead.", param, "string_below_min_length");
        }

        return prompt.Length <= MaxPromptLength
            ? prompt
            : throw OpenAIRequestException.InvalidRequest(
                string.Create(CultureInfo.InvariantCulture, $"Invalid '{param}': string too long. Expected a string with maximum length {MaxPromptLength}, but got a string with length {prompt.Length} instead."),
                param,
                "string_above_max_length");
    }

    private static async Task<string> ReadRemixPromptAsync(HttpContext context)
    {
        using var body = await OpenAIRequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        return ValidatePrompt(body.GetString("prompt"));
    }

    /// <summary>Masks a key the way OpenAI does in its "Incorrect API key" message.</summary>
    private static string Mask(string key) => key.Length <= 8 ? "****" : key[..3] + new string('*', Math.Min(key.Length - 7, 20)) + key[^4..];

    private static Task UnknownUrlAsync(HttpContext context) =>
        throw OpenAIRequestException.InvalidRequest(
            $"Invalid URL ({context.Request.Method} /v1{context.GetProtocolRequest().Path})", statusCode: 404);

    /// <summary>Wraps a handler: checks the API key, and turns refusals (and bugs) into the error envelope.</summary>
    private RequestDelegate Endpoint(Func<HttpContext, Task> handler) => EmulatorHttp.Endpoint<OpenAIRequestException>(handler, Authenticate,
        (context, refusal) => WriteErrorAsync(context, refusal.StatusCode, refusal.Error),
        context => WriteErrorAsync(context, 500, new OpenAIError
        {
            Message = "The server had an error while processing your request. Sorry about that!",
            Type = "server_error",
            Param = null,
            Code = null,
        }), logger);

    /// <summary><c>Authorization: Bearer &lt;key&gt;</c> (OpenAI, APIYI) or <c>api-key: &lt;key&gt;</c> (Azure).</summary>
    private void Authenticate(HttpRequest request)
    {
        var key = EmulatorHttp.BearerKey(request) ?? request.Headers["api-key"].ToString().Trim();
        if (key.Length == 0)
        {
            throw OpenAIRequestException.InvalidRequest(
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or in an api-key header.",
                statusCode: 401);
        }

        if (!EmulatorHttp.IsAccepted(key, options.ApiKey))
        {
            throw OpenAIRequestException.InvalidRequest(
                $"Incorrect API key provided: {Mask(key)}. You can find your API key at https://platform.openai.com/account/api-keys.",
                code: "invalid_api_key",
                statusCode: 401);
        }
    }

    private async Task CreateVideoAsync(HttpContext context)
    {
        var request = await ReadCreateRequestAsync(context).ConfigureAwait(false);
        var job = jobs.Create(context.GetProtocolRequest(), NewVideoId(), request.Prompt, new OpenAIVideoDetails(request.Model, request.Size, request.Seconds, RemixedFromVideoId: null));
        ScheduleWebhook(job);
        await WriteVideoAsync(context, job).ConfigureAwait(false);
    }

    private static async Task<OpenAICreateRequest> ReadCreateRequestAsync(HttpContext context)
    {
        using var body = await OpenAIRequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var prompt = ValidatePrompt(body.GetString("prompt"));

        var model = body.GetString("model") ?? OpenAIModels.DefaultModel;
        if (!OpenAIModels.Models.Contains(model, StringComparer.Ordinal))
        {
            throw OpenAIRequestException.InvalidValue("model", model, OpenAIModels.Models);
        }

        var seconds = body.GetString("seconds") ?? OpenAIModels.DefaultSeconds;
        if (!OpenAIModels.Seconds.Contains(seconds, StringComparer.Ordinal))
        {
            throw OpenAIRequestException.InvalidValue("seconds", seconds, OpenAIModels.Seconds);
        }

        var size = body.GetString("size") ?? OpenAIModels.DefaultSize;
        var sizes = OpenAIModels.SizesFor(model);
        if (!sizes.Contains(size, StringComparer.Ordinal))
        {
            throw OpenAIRequestException.InvalidValue("size", size, sizes, $" for '{model}'");
        }

        if (await body.ReadReferenceImageAsync(context.RequestAborted).ConfigureAwait(false) is { } image)
        {
            ValidateReferenceImage(image, size);
        }

        var characters = body.GetCharacterIds();
        if (characters.Count > MaxCharacters)
        {
            throw OpenAIRequestException.InvalidRequest(
                string.Create(CultureInfo.InvariantCulture, $"Invalid 'characters': array too long. Expected an array with maximum length {MaxCharacters}, but got an array with length {characters.Count} instead."),
                "characters",
                "array_above_max_length");
        }

        if (characters.Any(string.IsNullOrWhiteSpace))
        {
            throw OpenAIRequestException.InvalidRequest("Invalid 'characters': every character needs a non-empty 'id'.", "characters", "invalid_value");
        }

        return new OpenAICreateRequest(prompt, model, seconds, size, characters);
    }

    private static void ValidateReferenceImage(byte[] image, string size)
    {
        if (!ImageHeader.TryRead(image, out var info))
        {
            throw OpenAIRequestException.InvalidRequest(
                "Invalid 'input_reference': unsupported image format. Supported formats are 'image/jpeg', 'image/png', and 'image/webp'.",
                "input_reference",
                "invalid_value");
        }

        var (width, height) = OpenAIModels.Dimensions(size);
        if (info.Width != width || info.Height != height)
        {
            throw OpenAIRequestException.InvalidRequest("Inpaint image must match the requested width and height", "input_reference");
        }
    }

    private Task GetVideoAsync(HttpContext context) => WriteVideoAsync(context, FindJob(context));

    private Task ListVideosAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = DefaultListLimit;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit > MaxListLimit))
        {
            throw OpenAIRequestException.InvalidRequest(
                $"Invalid 'limit': expected an integer from 0 to {MaxListLimit}, but got '{limitText}' instead.", "limit", "invalid_value");
        }

        var order = query.TryGetValue("order", out var orderText) ? orderText.ToString() : "desc";
        if (order is not ("asc" or "desc"))
        {
            throw OpenAIRequestException.InvalidValue("order", order, ["asc", "desc"]);
        }

        IEnumerable<EmulatedJob> all = jobs.List(Name);
        if (string.Equals(order, "desc", StringComparison.Ordinal))
        {
            all = all.Reverse();
        }

        if (query.TryGetValue("after", out var after) && !string.IsNullOrEmpty(after))
        {
            all = all.SkipWhile(job => !string.Equals(job.Id, after, StringComparison.Ordinal)).Skip(1);
        }

        var now = jobs.Now;
        var candidates = all.Take(limit + 1).ToList();
        var page = candidates.Take(limit).Select(job => ToVideo(job, now)).ToList();
        var list = new OpenAIVideoList
        {
            Data = page,
            FirstId = page.FirstOrDefault()?.Id,
            LastId = page.LastOrDefault()?.Id,
            HasMore = candidates.Count > limit,
        };
        return EmulatorHttp.WriteJsonAsync(context, 200, list, EmulatorJsonContext.Wire.OpenAIVideoList);
    }

    private Task DeleteVideoAsync(HttpContext context)
    {
        var job = FindJob(context);
        var state = job.StateAt(jobs.Now);
        if (!state.IsTerminal)
        {
            throw OpenAIRequestException.InvalidRequest(
                $"Video '{job.Id}' is {StatusWord(state.Status)}: only completed or failed videos can be deleted.", "video_id");
        }

        jobs.Remove(Name, job.Id);
        return EmulatorHttp.WriteJsonAsync(context, 200, new OpenAIDeletedVideo { Id = job.Id }, EmulatorJsonContext.Wire.OpenAIDeletedVideo);
    }

    private Task GetContentAsync(HttpContext context)
    {
        var job = FindJob(context);
        var variant = context.Request.Query.TryGetValue("variant", out var variantText) ? variantText.ToString() : "video";
        var asset = variant switch
        {
            "video" => MediaAssets.Video,
            "thumbnail" => MediaAssets.Thumbnail,
            "spritesheet" => MediaAssets.Spritesheet,
            _ => throw OpenAIRequestException.InvalidValue("variant", variant, ["video", "thumbnail", "spritesheet"]),
        };

        var state = job.StateAt(jobs.Now);
        switch (state.Status)
        {
            case EmulatorJobStatus.Failed:
                throw OpenAIRequestException.InvalidRequest(
                    $"Video '{job.Id}' failed: there is no content to download.", "video_id", "video_failed");
            case not EmulatorJobStatus.Succeeded:
                throw OpenAIRequestException.InvalidRequest(
                    $"Video '{job.Id}' is not ready yet (status '{StatusWord(state.Status)}'). Use GET /v1/videos/{job.Id} to check its status.", "video_id", "video_not_ready");
            case EmulatorJobStatus.Succeeded when state.IsExpired:
                throw OpenAIRequestException.InvalidRequest(
                    $"The content of video '{job.Id}' has expired and is no longer available.", "video_id", "video_expired", statusCode: 404);
        }

        // Range, If-Range, 206/416, Accept-Ranges, Content-Length and ETag are handled by the framework's file result.
        return Results.Bytes(asset.Content, asset.ContentType, enableRangeProcessing: true, lastModified: state.CompletedAt, entityTag: asset.EntityTag)
            .ExecuteAsync(context);
    }

    private async Task RemixVideoAsync(HttpContext context)
    {
        var source = FindJob(context);
        var prompt = await ReadRemixPromptAsync(context).ConfigureAwait(false);
        var state = source.StateAt(jobs.Now);
        if (state.Status != EmulatorJobStatus.Succeeded)
        {
            throw OpenAIRequestException.InvalidRequest(
                $"Video '{source.Id}' is {StatusWord(state.Status)}: only completed videos can be remixed.", "video_id");
        }

        var details = (OpenAIVideoDetails)source.Details with { RemixedFromVideoId = source.Id };
        var job = jobs.Create(context.GetProtocolRequest(), NewVideoId(), prompt, details);
        ScheduleWebhook(job);
        await WriteVideoAsync(context, job).ConfigureAwait(false);
    }

    private EmulatedJob FindJob(HttpContext context)
    {
        var id = VideoId(context);
        return jobs.Find(Name, id) ?? throw OpenAIRequestException.NotFound(id);
    }

    private Task WriteVideoAsync(HttpContext context, EmulatedJob job)
    {
        context.Response.Headers["openai-poll-after-ms"] = ((long)options.PollAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return EmulatorHttp.WriteJsonAsync(context, 200, ToVideo(job, jobs.Now), EmulatorJsonContext.Wire.OpenAIVideo);
    }

    private static OpenAIVideo ToVideo(EmulatedJob job, DateTimeOffset now)
    {
        var details = (OpenAIVideoDetails)job.Details;
        var state = job.StateAt(now);
        return new OpenAIVideo
        {
            Id = job.Id,
            Model = details.Model,
            Status = StatusWord(state.Status),
            Progress = state.Progress,
            CreatedAt = job.CreatedAt.ToUnixTimeSeconds(),
            CompletedAt = state.CompletedAt?.ToUnixTimeSeconds(),
            ExpiresAt = state.ExpiresAt?.ToUnixTimeSeconds(),
            Prompt = job.Prompt,
            Size = details.Size,
            Seconds = details.Seconds,
            RemixedFromVideoId = details.RemixedFromVideoId,
            Error = state.Failure switch
            {
                EmulatorJobFailure.Moderation => new OpenAIVideoError
                {
                    Code = "moderation_blocked",
                    Message = "Your request was blocked by our moderation system.",
                },
                EmulatorJobFailure.ServerError => new OpenAIVideoError
                {
                    Code = "internal_error",
                    Message = "Video generation failed because of an internal error. Please try again.",
                },
                _ => null,
            },
        };
    }

    private static string StatusWord(EmulatorJobStatus status) => status switch
    {
        EmulatorJobStatus.Queued => "queued",
        EmulatorJobStatus.Running => "in_progress",
        EmulatorJobStatus.Succeeded => "completed",
        _ => "failed",
    };
}
