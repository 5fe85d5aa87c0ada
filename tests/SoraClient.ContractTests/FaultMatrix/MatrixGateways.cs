using System.Text.Json.Nodes;
using SoraClient.ContractTests.Harness;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.GrsAI;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static SoraClient.ContractTests.Harness.WireMockStubs;

namespace SoraClient.ContractTests.FaultMatrix;

/// <summary>A column of the matrix: one kind of call, made through whichever adapters have it.</summary>
public enum MatrixOperation
{
    /// <summary><c>SubmitAsync</c>: creates a billed job.</summary>
    Create,

    /// <summary><c>GetJobAsync</c>.</summary>
    StatusRead,

    /// <summary><c>IVideoJobBatchReader.GetJobsAsync</c> (AceData's <c>retrieve_batch</c>).</summary>
    BatchRead,

    /// <summary><c>DownloadAsync</c> of a finished job's video.</summary>
    Download,

    /// <summary><c>IVideoCharacterClient.CreateCharacterAsync</c> (GrsAI): a billed create too.</summary>
    Character,
}

/// <summary>What one case runs against: its own WireMock.Net server, the video the downloads serve, the SDK's clock and logs.</summary>
public sealed record MatrixContext(WireMockServer Server, byte[] Video, TimeProvider Clock, TestLoggerProvider Logs)
{
    /// <summary>The finished job's result link on the "CDN" (the same server as <c>localhost</c>, another host for the SDK).</summary>
    public Uri CdnVideo => Server.OtherHostUrl(MatrixGateways.CdnPath);
}

/// <summary>One call of one gateway: where it goes, what a healthy gateway answers (JSON, or the video), and how the SDK makes it.</summary>
public sealed record MatrixCall(
    MatrixOperation Operation,
    string Method,
    string Path,
    string? HealthyJson,
    Func<IVideoGenerator, MatrixContext, CancellationToken, Task> Run)
{
    /// <summary>Whether the healthy answer is a video rather than a JSON document.</summary>
    public bool IsDownload => HealthyJson is null;

    /// <summary>The healthy answer.</summary>
    public IResponseBuilder Success(MatrixContext context) => HealthyJson is { } json
        ? Json(200, json)
        : Bytes(200, context.Video, "video/mp4").WithHeader("Accept-Ranges", "bytes").WithHeader("ETag", "\"v1\"");
}

/// <summary>One gateway protocol: its adapter, its calls, and its error bodies.</summary>
public sealed record MatrixGateway(
    string Id,
    string Title,
    Func<HttpClient, MatrixContext, Action<VideoProviderOptions>, IVideoGenerator> Create,
    Func<string, string> ErrorBody,
    Func<string, string> RateLimitBody,
    string OkErrorEnvelope,
    string OkBusyEnvelope,
    IReadOnlyList<MatrixCall> Calls);

/// <summary>The four gateway protocols as the matrix drives them, with the bodies their contracts document.</summary>
public static class MatrixGateways
{
    public const string CdnPath = "/cdn/result.mp4";
    public const string TaskId = "6d2c2b4d-3f0c-4d7a-9a57-5b6f5ad2f6a1";
    public const string OpenAIJobId = "video_68d7512d07848190b3e45da0ecbebcde";

    private static readonly VideoGenerationRequest s_request = new("A calico cat playing a piano on stage");

    public static IReadOnlyList<MatrixGateway> All { get; } = [OpenAI(), GrsAI(), AceData(), AIVideoApi()];

    public static MatrixGateway Get(string id) => All.Single(g => g.Id == id);

    private static Task<VideoJob> Submit(IVideoGenerator generator, MatrixContext context, CancellationToken cancellationToken) =>
        generator.SubmitAsync(s_request, cancellationToken: cancellationToken);

    private static Task<VideoJob> Read(IVideoGenerator generator, string id, CancellationToken cancellationToken) =>
        generator.GetJobAsync(id, cancellationToken);

    /// <summary>Downloads the finished job's video and checks every byte arrived.</summary>
    private static async Task Download(IVideoGenerator generator, MatrixContext context, VideoJob job, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await generator.DownloadAsync(job, copy, cancellationToken: cancellationToken);
        Assert.Equal(context.Video, copy.ToArray());
    }

    private static VideoJob Finished(string provider, string id, Uri? link) => new()
    {
        Id = id,
        Provider = provider,
        Status = VideoJobStatus.Succeeded,
        Assets = link is null ? [] : [new VideoAsset(VideoAssetKind.Video) { Uri = link }],
    };

    private static MatrixCall CdnDownload(string provider) => new(MatrixOperation.Download, "GET", CdnPath, null,
        (generator, context, ct) => Download(generator, context, Finished(provider, TaskId, context.CdnVideo), ct));

    private static T Configure<T>(T options, Action<VideoProviderOptions> configure)
        where T : VideoProviderOptions
    {
        configure(options);
        return options;
    }

    private static MatrixGateway OpenAI()
    {
        const string Provider = "apiyi";
        static string Video(string status) => new JsonObject
        {
            ["id"] = OpenAIJobId, ["object"] = "video", ["model"] = "sora-2", ["status"] = status, ["progress"] = 0,
            ["created_at"] = 1_763_726_400, ["completed_at"] = null, ["expires_at"] = null, ["prompt"] = "A calico cat playing a piano on stage",
            ["size"] = "720x1280", ["seconds"] = "4", ["remixed_from_video_id"] = null, ["error"] = null,
        }.ToJsonString();
        static string Error(string message, string type, string? code) => new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
        }.ToJsonString();

        return new MatrixGateway("openai", "OpenAI/APIYI",
            (http, context, configure) => new OpenAIVideoGenerator(http, Configure(new OpenAIOptions
            {
                Endpoint = context.Server.Url("v1"),
                ApiKey = FaultMatrixCases.ApiKey,
                ProviderName = Provider,
            }, configure), context.Clock, context.Logs),
            message => Error(message, "server_error", null),
            message => Error(message, "requests", "rate_limit_exceeded"),
            Error("The server had an error while processing your request", "server_error", null),
            Error("Rate limit reached for requests, please slow down", "requests", "rate_limit_exceeded"),
            [
                new(MatrixOperation.Create, "POST", "/v1/videos", Video("queued"), Submit),
                new(MatrixOperation.StatusRead, "GET", "/v1/videos/" + OpenAIJobId, Video("in_progress"),
                    (generator, _, ct) => Read(generator, OpenAIJobId, ct)),
                new(MatrixOperation.Download, "GET", $"/v1/videos/{OpenAIJobId}/content", null,
                    (generator, context, ct) => Download(generator, context, Finished(Provider, OpenAIJobId, null), ct)),
            ]);
    }

    private static MatrixGateway GrsAI()
    {
        const string Provider = "grsai";
        static string Envelope(string data) => $$"""{"code":0,"msg":"success","data":{{data}}}""";
        static string Error(int code, string message) => new JsonObject { ["code"] = code, ["msg"] = message, ["data"] = null }.ToJsonString();

        return new MatrixGateway(Provider, "GrsAI",
            (http, context, configure) => new GrsAIVideoGenerator(http, Configure(new GrsAIOptions
            {
                Endpoint = context.Server.BaseUri(),
                ApiKey = FaultMatrixCases.ApiKey,
                ProviderName = Provider,
            }, configure), context.Clock, context.Logs),
            message => Error(-2, message),
            message => Error(-2, message),
            Error(-2, "system error, please try again later"),
            Error(-2, "rate limit: too many requests, please try again later"),
            [
                new(MatrixOperation.Create, "POST", "/v1/video/sora-video", Envelope($$"""{"id":"{{TaskId}}"}"""), Submit),
                new(MatrixOperation.StatusRead, "POST", "/v1/draw/result",
                    Envelope($$"""{"id":"{{TaskId}}","results":[],"progress":40,"status":"running","failure_reason":"","error":""}"""),
                    (generator, _, ct) => Read(generator, TaskId, ct)),
                CdnDownload(Provider),
                new(MatrixOperation.Character, "POST", "/v1/video/sora-create-character",
                    Envelope($$"""{"id":"{{TaskId}}","results":[{"character_id":"char_matrix"}],"progress":100,"status":"succeeded","failure_reason":"","error":""}"""),
                    async (generator, _, ct) =>
                    {
                        var characters = generator.GetService<IVideoCharacterClient>()!;
                        var character = await characters.CreateCharacterAsync("s_6964a407c1fc819198458b8abf2b9cdf", TimeSpan.Zero, TimeSpan.FromSeconds(2), ct);
                        Assert.Equal("char_matrix", character.Id);
                    }),
            ]);
    }

    private static MatrixGateway AceData()
    {
        const string Provider = "acedata";
        const string Trace = "3b9f2a51-0c8e-4e3a-9d0e-1f6a2c4b5d70";
        static string Task(string id) => new JsonObject
        {
            ["_id"] = "67a1c2e3f4b5a6c7d8e9f001", ["id"] = id, ["created_at"] = 1763726400.123, ["trace_id"] = Trace, ["type"] = "videos",
            ["request"] = new JsonObject { ["model"] = "sora-2", ["prompt"] = "A calico cat", ["async"] = true },
            ["response"] = new JsonObject
            {
                ["success"] = true, ["task_id"] = id, ["trace_id"] = Trace,
                ["data"] = new JsonArray(new JsonObject { ["id"] = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", ["state"] = "pending" }),
            },
        }.ToJsonString();
        static string Error(string code, string message) =>
            new JsonObject { ["success"] = false, ["error"] = new JsonObject { ["code"] = code, ["message"] = message }, ["trace_id"] = Trace }.ToJsonString();
        const string OtherId = "7e3d3c5e-4a1d-4e8b-8b68-6c7a6be3a7b2";

        return new MatrixGateway(Provider, "AceData",
            (http, context, configure) => new AceDataVideoGenerator(http, Configure(new AceDataOptions
            {
                Endpoint = context.Server.BaseUri(),
                ApiKey = FaultMatrixCases.ApiKey,
                ProviderName = Provider,
            }, configure), context.Clock, context.Logs),
            message => Error("api_error", message),
            message => Error("too_many_requests", message),
            Error("api_error", "internal error, please try again later"),
            Error("too_many_requests", "rate limit exceeded, please try again later"),
            [
                new(MatrixOperation.Create, "POST", "/sora/videos", $$"""{"task_id":"{{TaskId}}"}""", Submit),
                new(MatrixOperation.StatusRead, "POST", "/sora/tasks", Task(TaskId), (generator, _, ct) => Read(generator, TaskId, ct)),
                new(MatrixOperation.BatchRead, "POST", "/sora/tasks", $$"""{"items":[{{Task(TaskId)}},{{Task(OtherId)}}],"count":2}""",
                    async (generator, _, ct) =>
                    {
                        var jobs = await generator.GetService<IVideoJobBatchReader>()!.GetJobsAsync([TaskId, OtherId], ct);
                        Assert.Equal([TaskId, OtherId], jobs.Select(j => j.Id));
                    }),
                CdnDownload(Provider),
            ]);
    }

    private static MatrixGateway AIVideoApi()
    {
        const string Provider = "aivideoapi";
        static string Error(string code, string type, string message) =>
            new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["type"] = type } }.ToJsonString();

        return new MatrixGateway(Provider, "aivideoapi.ai",
            (http, context, configure) => new AIVideoApiVideoGenerator(http, Configure(new AIVideoApiOptions
            {
                Endpoint = context.Server.BaseUri(),
                ApiKey = FaultMatrixCases.ApiKey,
                ProviderName = Provider,
            }, configure), context.Clock, context.Logs),
            message => Error("internal_error", "api_error", message),
            message => Error("rate_limit_exceeded", "rate_limit_error", message),
            """{"code":500,"msg":"internal error, please try again later","data":null}""",
            """{"code":429,"msg":"rate limit exceeded, please try again later","data":null}""",
            [
                new(MatrixOperation.Create, "POST", "/v1/videos/generations", $$$"""{"code":200,"msg":"success","data":{"taskId":"{{{TaskId}}}"}}""", Submit),
                new(MatrixOperation.StatusRead, "GET", "/v1/tasks/" + TaskId,
                    $$"""{"id":"{{TaskId}}","status":"processing","model":"sora-2","created_at":"2026-11-21T12:00:00Z","progress":40}""",
                    (generator, _, ct) => Read(generator, TaskId, ct)),
                CdnDownload(Provider),
            ]);
    }
}
