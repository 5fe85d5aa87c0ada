using Microsoft.Extensions.Logging;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.GrsAI;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.Tests.Support;

/// <summary>
/// The four adapters described the same way, for tests that play a hostile or broken gateway against each of them:
/// where a create and a status read go, and a normal answer to each.
/// </summary>
public sealed record HostileGateway(
    string Name,
    HttpMethod CreateMethod,
    string CreatePath,
    string Accepted,
    HttpMethod StatusMethod,
    string StatusPath,
    string Running,
    string JobId)
{
    /// <summary>A key long enough to be recognised, with a recognisable tail that gateways echo masked (<c>sk-****CRET</c>).</summary>
    public const string Key = "sk-hostile-test-1234567890SECRET";

    /// <summary>How some gateways echo the key back: masked but for its first and last characters.</summary>
    public const string MaskedKey = "sk-************CRET";

    public static readonly HostileGateway OpenAI = new("openai",
        HttpMethod.Post, "/v1/videos", """{"id":"video_1","object":"video","status":"queued","model":"sora-2"}""",
        HttpMethod.Get, "/v1/videos/video_1", """{"id":"video_1","object":"video","status":"in_progress","progress":5}""", "video_1");

    public static readonly HostileGateway GrsAI = new("grsai",
        HttpMethod.Post, "/v1/video/sora-video", """{"code":0,"msg":"success","data":{"id":"task_1"}}""",
        HttpMethod.Post, "/v1/draw/result", """{"code":0,"msg":"success","data":{"id":"task_1","status":"running","progress":5}}""", "task_1");

    public static readonly HostileGateway AceData = new("acedata",
        HttpMethod.Post, "/sora/videos", """{"success":true,"task_id":"task_1","trace_id":"trace_1"}""",
        HttpMethod.Post, "/sora/tasks", """{"id":"task_1","created_at":1764700000.5}""", "task_1");

    public static readonly HostileGateway AIVideoApi = new("aivideoapi",
        HttpMethod.Post, "/v1/videos/generations", """{"code":200,"msg":"success","data":{"taskId":"task_1"}}""",
        HttpMethod.Get, "/v1/tasks/task_1", """{"id":"task_1","status":"processing","progress":10}""", "task_1");

    public static IReadOnlyList<HostileGateway> All { get; } = [OpenAI, GrsAI, AceData, AIVideoApi];

    public static TheoryData<string> Names => [.. All.Select(g => g.Name)];

    public static HostileGateway Named(string name) => All.Single(g => g.Name == name);

    /// <summary>Builds the adapter against <paramref name="http"/> with <see cref="Key"/>; <paramref name="configure"/> changes the common options.</summary>
    public IVideoGenerator Create(StubHttpHandler http, TimeProvider time, ILoggerFactory logs, Action<VideoProviderOptions>? configure = null) =>
        Create(http.CreateClient(), time, logs, configure);

    public IVideoGenerator Create(HttpClient client, TimeProvider time, ILoggerFactory logs, Action<VideoProviderOptions>? configure = null)
    {
        VideoProviderOptions options = Name switch
        {
            "openai" => new OpenAIOptions { Endpoint = new Uri("https://api.openai.test/v1") },
            "grsai" => new GrsAIOptions { Endpoint = new Uri("https://api.grsai.test") },
            "acedata" => new AceDataOptions { Endpoint = new Uri("https://api.acedata.test") },
            _ => new AIVideoApiOptions { Endpoint = new Uri("https://api.aivideoapi.test") },
        };
        options.ApiKey = Key;
        configure?.Invoke(options);
        return options switch
        {
            OpenAIOptions o => new OpenAIVideoGenerator(client, o, time, logs),
            GrsAIOptions o => new GrsAIVideoGenerator(client, o, time, logs),
            AceDataOptions o => new AceDataVideoGenerator(client, o, time, logs),
            AIVideoApiOptions o => new AIVideoApiVideoGenerator(client, o, time, logs),
            _ => throw new InvalidOperationException(Name),
        };
    }

    /// <summary>A create request every adapter accepts with its defaults.</summary>
    public static VideoGenerationRequest Request() => new("a cat on a skateboard");

    public override string ToString() => Name;
}
