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

namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary>
/// aivideoapi.ai's Sora 2 under <c>/aivideoapi</c> (<c>POST /v1/videos/generations</c>, <c>GET /v1/tasks/{taskId}</c>), written
/// from <c>providers/CONTRACTS.md</c> §4: the documented nested body, <c>pending → processing → completed | failed</c>,
/// <c>callback_url</c> POSTed with the task when it ends, errors as <c>{"error":{code,message,type}}</c>.
/// </summary>
internal sealed class AIVideoApiProtocol(SoraEmulatorOptions options, JobStore jobs, CallbackDispatcher callbacks, ILogger logger) : IEmulatorProtocol
{
    private const int MaxPromptLength = 5000;
    private static readonly string[] s_aspectRatios = ["16:9", "9:16"];

    public string Name => EmulatorProtocols.AIVideoApi;

    public string Prefix => "/aivideoapi";

    public void MapRoutes(RouteGroupBuilder routes)
    {
        routes.MapPost("/v1/videos/generations", Endpoint(CreateAsync));
        routes.MapGet("/v1/tasks/{task_id}", Endpoint(GetTaskAsync));
        routes.Map("/{**path}", Endpoint(context =>
            throw new AIVideoApiRequestException(404, "not_found", "invalid_request_error", $"No route for {context.Request.Method} {context.GetProtocolRequest().Path}.")));
    }

    public Task WriteFaultAsync(HttpContext context, EmulatorFault fault)
    {
        var (status, code, type, message) = fault.Kind switch
        {
            EmulatorFaultKind.RateLimit => (429, "rate_limit_exceeded", "rate_limit_error", "Rate limit exceeded, please retry later."),
            EmulatorFaultKind.InsufficientBalance => (402, "insufficient_credits", "billing_error", "Insufficient credits, please top up your balance."),
            _ => fault.StatusCode switch
            {
                503 => (503, "upstream_error", "api_error", "The upstream provider is unavailable, please retry later."),
                var other => (other, "internal_error", "api_error", "Internal server error."),
            },
        };
        return WriteErrorAsync(context, status, code, type, message);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string code, string type, string message) =>
        EmulatorHttp.WriteJsonAsync(context, status, new AIVideoApiErrorResponse { Error = new AIVideoApiError { Code = code, Message = message, Type = type } },
            AIVideoApiJsonContext.Wire.AIVideoApiErrorResponse);

    private RequestDelegate Endpoint(Func<HttpContext, Task> handler) => EmulatorHttp.Endpoint<AIVideoApiRequestException>(handler, Authenticate,
        (context, refusal) => WriteErrorAsync(context, refusal.StatusCode, refusal.Code, refusal.Type, refusal.Message),
        context => WriteErrorAsync(context, 500, "internal_error", "api_error", "Internal server error."), logger);

    /// <summary><c>Authorization: Bearer sk-…</c>; missing or wrong → 401 <c>invalid_api_key</c>.</summary>
    private void Authenticate(HttpRequest request)
    {
        var key = EmulatorHttp.BearerKey(request) ?? string.Empty;
        if (key.Length == 0 || !EmulatorHttp.IsAccepted(key, options.ApiKey))
        {
            throw new AIVideoApiRequestException(401, "invalid_api_key", "authentication_error", key.Length == 0 ? "Missing API key." : "Invalid API key provided.");
        }
    }

    private async Task CreateAsync(HttpContext context)
    {
        using var document = await EmulatorHttp.ReadJsonObjectAsync(context,
            () => AIVideoApiRequestException.Invalid("The request body is not valid JSON."),
            () => AIVideoApiRequestException.Invalid("The request body must be a JSON object.")).ConfigureAwait(false);
        var body = document.RootElement;
        var model = String(body, "model") ?? throw AIVideoApiRequestException.Invalid("model is required.");
        if (!string.Equals(model, "sora-2", StringComparison.Ordinal))
        {
            throw new AIVideoApiRequestException(404, "model_not_found", "invalid_request_error", $"Model '{model}' not found.");
        }

        if (!body.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            throw AIVideoApiRequestException.Invalid("input is required and must be an object.");
        }

        var (prompt, duration, aspect) = ValidateInput(input);
        var callbackUrl = String(body, "callback_url") is { } url
            ? Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : throw AIVideoApiRequestException.Invalid("callback_url must be an http or https URL.")
            : null;

        var id = Guid.NewGuid().ToString();
        var job = jobs.Create(context.GetProtocolRequest(), id, prompt, new AIVideoApiJobDetails(model, duration, aspect, CdnProtocol.Url(context.Request, id, MediaAssets.Video)));
        if (callbackUrl is not null)
        {
            callbacks.Schedule(job, callbackUrl, (ended, state) => JsonSerializer.SerializeToUtf8Bytes(ToTask(ended, state), AIVideoApiJsonContext.Wire.AIVideoApiTask));
        }

        await EmulatorHttp.WriteJsonAsync(context, 200, new AIVideoApiCreated { Data = new AIVideoApiCreatedData { TaskId = id } }, AIVideoApiJsonContext.Wire.AIVideoApiCreated).ConfigureAwait(false);
    }

    private static (string Prompt, int Duration, string AspectRatio) ValidateInput(JsonElement input)
    {
        var prompt = String(input, "prompt");
        if (string.IsNullOrWhiteSpace(prompt) || prompt.Length > MaxPromptLength)
        {
            throw AIVideoApiRequestException.Invalid($"input.prompt is required and must be at most {MaxPromptLength} characters.");
        }

        var duration = input.TryGetProperty("duration", out var durationValue) && durationValue.ValueKind == JsonValueKind.Number && durationValue.TryGetInt32(out var seconds)
            ? seconds
            : throw AIVideoApiRequestException.Invalid("input.duration is required and must be 4, 8 or 12.");
        if (duration is not (4 or 8 or 12))
        {
            throw AIVideoApiRequestException.Invalid("input.duration must be 4, 8 or 12.");
        }

        var aspect = String(input, "aspect_ratio");
        if (aspect is null || !s_aspectRatios.Contains(aspect, StringComparer.Ordinal))
        {
            throw AIVideoApiRequestException.Invalid("input.aspect_ratio is required and must be \"16:9\" or \"9:16\".");
        }

        if (input.TryGetProperty("image_urls", out var images) && images.ValueKind != JsonValueKind.Null
            && (images.ValueKind != JsonValueKind.Array || images.GetArrayLength() > 1 || images.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String)))
        {
            throw AIVideoApiRequestException.Invalid("input.image_urls must be an array with at most 1 image URL.");
        }

        return (prompt, duration, aspect);
    }

    private Task GetTaskAsync(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["task_id"]!;
        var job = jobs.Find(Name, id) ?? throw new AIVideoApiRequestException(404, "task_not_found", "invalid_request_error", $"Task '{id}' not found.");
        return EmulatorHttp.WriteJsonAsync(context, 200, ToTask(job, job.StateAt(jobs.Now)), AIVideoApiJsonContext.Wire.AIVideoApiTask);
    }

    private static AIVideoApiTask ToTask(EmulatedJob job, JobState state)
    {
        var details = (AIVideoApiJobDetails)job.Details;
        return new AIVideoApiTask
        {
            Id = job.Id,
            Status = state.Status switch
            {
                EmulatorJobStatus.Queued => "pending",
                EmulatorJobStatus.Running => "processing",
                EmulatorJobStatus.Succeeded => "completed",
                _ => "failed",
            },
            Model = details.Model,
            CreatedAt = Iso(job.CreatedAt),
            CompletedAt = state.CompletedAt is { } completed ? Iso(completed) : null,
            Progress = state.Status == EmulatorJobStatus.Queued ? null : state.Progress,
            Output = state.Status == EmulatorJobStatus.Succeeded
                ? new AIVideoApiOutput { Urls = [details.VideoUrl], Metadata = new AIVideoApiOutputMetadata { Duration = details.Duration, AspectRatio = details.AspectRatio } }
                : null,
            Error = state.Status != EmulatorJobStatus.Failed ? null
                : state.Failure == EmulatorJobFailure.Moderation
                    ? new AIVideoApiError { Code = "content_policy_violation", Message = "The prompt was rejected by the upstream safety system. Credits were refunded." }
                    : new AIVideoApiError { Code = "upstream_error", Message = "The upstream provider failed to generate the video. Credits were refunded." },
        };
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw AIVideoApiRequestException.Invalid($"{name} must be a string.")
            : null;
}
