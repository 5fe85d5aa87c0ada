using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.GrsAI;
using SoraClient.Testing;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Providers;

/// <summary>
/// Mutation fuzzing of every parser and mapper: the documented answers (the fixtures) with values replaced, fields added
/// or removed and bytes cut, fed to each adapter as job answers, create answers, error bodies, callbacks and GrsAI stream
/// records. Only the SDK's own exceptions may come out (a callback parser's documented <see cref="FormatException"/>
/// included), and a job that comes out must be coherent. The short form runs in CI; set <c>SORA_FUZZ_ITERATIONS</c> for more.
/// </summary>
public sealed class ParserFuzzTests
{
    private const string Seed = "0N0XIzNsQ0O2";
    private static readonly int s_iterations = int.TryParse(Environment.GetEnvironmentVariable("SORA_FUZZ_ITERATIONS"), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 300;

    private static readonly string[] s_hostileValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "0.45", "1e300", "-1e300", "1e17", "1e14", "999999999999", "99999999999999", "253402300800",
        "9223372036854775807", "-9223372036854775808", "1e400", "\"\"", "\"x\"", "\"NaN\"", "\"-5\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"",
        "\"javascript:alert(1)\"", "\"https://cdn.fuzz.test/v.mp4\"", "\"http://\"", "\"..\"", "\"succeeded\"", "\"completed\"", "\"failed\"", "\"running\"",
        "\"pending\"", "\"processing\"", "\"queued\"", "\"cancelled\"", "\"expired\"", "[]", "[null]", "[1e300]", "[{}]", "{}", "{\"message\":[\"x\"]}",
        "{\"code\":{}}", "[\"https://cdn.fuzz.test/v.mp4\",null,7]", $"\"{HostileGateway.Key}\"",
    ];

    private static readonly string[] s_names =
    [
        "id", "task_id", "taskId", "status", "state", "progress", "created_at", "completed_at", "finished_at", "expires_at", "data", "error", "code",
        "msg", "message", "results", "url", "pid", "video_url", "output", "urls", "success", "response", "request", "trace_id", "items", "seconds",
        "size", "model", "failure_reason", "type", "duration",
    ];

    private static readonly int[] s_statuses = [200, 200, 200, 400, 401, 402, 403, 404, 408, 409, 429, 500, 502, 503, 504];

    public static TheoryData<string> Targets =>
    [
        "openai status", "openai create", "openai error",
        "grsai status", "grsai create", "grsai error", "grsai callback", "grsai stream",
        "acedata status", "acedata batch", "acedata create", "acedata error", "acedata callback",
        "aivideoapi status", "aivideoapi create", "aivideoapi error", "aivideoapi callback",
    ];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task MutatedAnswers_OnlySdkExceptionsAndCoherentJobs(string target)
    {
        var (gatewayName, kind) = (target.Split(' ')[0], target.Split(' ')[1]);
        var gateway = HostileGateway.Named(gatewayName);
        var corpus = Corpus(gateway, kind);
        var cases = Gen.Select(Gen.Int[0, corpus.Count - 1], Gen.Int[0, int.MaxValue].Array[1, 4], Gen.Int[0, s_statuses.Length - 1])
            .Array[s_iterations]
            .Single(_ => true, Seed);
        var handler = new SwitchableHandler();
        var time = new ManualTimeProvider();
        using var logs = new TestLoggerProvider();
        using var generator = gateway.Create(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, time, logs, o => o.MaxRetries = 0);
        var failures = new List<string>();

        foreach (var (index, picks, statusPick) in cases)
        {
            var body = Mutate(corpus[index], picks);
            var status = kind == "error" ? s_statuses[statusPick] : 200;
            handler.Respond = _ => new HttpResponseMessage((HttpStatusCode)status)
            {
                Content = new StringContent(body, Encoding.UTF8, kind == "stream" ? "text/event-stream" : "application/json"),
            };
            var problem = await RunAsync(generator, gateway, kind, body, status);
            if (problem is not null)
            {
                failures.Add($"{problem} <- HTTP {status} {Truncate(body)}");
            }
        }

        Assert.True(failures.Count == 0,
            $"{target}: {failures.Count} of {cases.Length} mutated answers broke a promise:{Environment.NewLine}" +
            string.Join(Environment.NewLine, failures.GroupBy(f => f[..f.IndexOf(" <- ", StringComparison.Ordinal)]).Select(g => $"{g.Count()} x {g.First()}")));
    }

    /// <summary>Runs one call; returns what went wrong, or <see langword="null"/>.</summary>
    private static async Task<string?> RunAsync(IVideoGenerator generator, HostileGateway gateway, string kind, string body, int status)
    {
        try
        {
            switch (kind)
            {
                case "status":
                case "error":
                    return Incoherent(await generator.GetJobAsync(gateway.JobId).WaitAsync(ManualClock.Guard));
                case "create":
                    return Incoherent(await generator.SubmitAsync(HostileGateway.Request()).WaitAsync(ManualClock.Guard));
                case "batch":
                    foreach (var job in await ((AceDataVideoGenerator)generator).GetJobsAsync(["task_1", "task_2"]).WaitAsync(ManualClock.Guard))
                    {
                        if (Incoherent(job) is { } problem)
                        {
                            return problem;
                        }
                    }

                    return null;
                case "stream":
                    await foreach (var job in ((GrsAIVideoGenerator)generator).SubmitStreamingAsync(HostileGateway.Request()))
                    {
                        if (Incoherent(job) is { } problem)
                        {
                            return problem;
                        }
                    }

                    return null;
                default: // callback
                    var bytes = Encoding.UTF8.GetBytes(body);
                    return Incoherent(gateway.Name switch
                    {
                        "grsai" => ((GrsAIVideoGenerator)generator).ParseCallback(bytes),
                        "acedata" => AceDataCallbackParser.Parse(bytes),
                        _ => AIVideoApiCallbackParser.Parse(bytes),
                    });
            }
        }
        catch (FormatException) when (kind == "callback")
        {
            return null; // the documented refusal of a callback parser
        }
        catch (VideoSubmissionUncertainException) when (kind is "create" or "stream")
        {
            return null;
        }
        catch (VideoProviderException ex) when (kind is "create" or "stream" && status is >= 200 and < 300 && ex.ProviderErrorCode == "invalid_response")
        {
            return "an unreadable accepted create reported as invalid_response instead of uncertain";
        }
        catch (VideoProviderException ex) when (kind is "create" or "stream" && ex.StatusCode is >= 500 and not 503)
        {
            return $"a {ex.StatusCode} after a create reported as {ex.GetType().Name} instead of uncertain";
        }
        catch (VideoProviderException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}";
        }
    }

    private static string? Incoherent(VideoJob job) =>
        string.IsNullOrEmpty(job.Id) ? "a job without an id"
        : job.Assets.Any(a => a.Uri is { } uri && uri.Scheme is not ("http" or "https")) ? "an asset that is not an http(s) link"
        : job.Progress is < 0 or > 100 ? $"progress {job.Progress}"
        : job.Status == VideoJobStatus.Succeeded && job.Assets.Count == 0 ? "a success without assets"
        : job.Error?.Message is { } message && message.Contains(HostileGateway.Key, StringComparison.Ordinal) ? "the key in the job's error"
        : job.ProviderStatus?.Contains(HostileGateway.Key, StringComparison.Ordinal) == true ? "the key in the job's status"
        : null;

    /// <summary>The documented answers of one kind, plus the normal ones of <see cref="HostileGateway"/>.</summary>
    private static List<string> Corpus(HostileGateway gateway, string kind)
    {
        var folder = gateway.Name switch { "openai" => "OpenAI", "grsai" => "GrsAI", "acedata" => "AceData", _ => "AIVideoApi" };
        string[] prefixes = (gateway.Name, kind) switch
        {
            (_, "error") => new[] { "error-" },
            ("openai", _) => ["video-"],
            ("grsai", "create") => ["submit-"],
            ("grsai", "callback") => ["callback-"],
            ("grsai", _) => ["result-", "callback-"],
            ("acedata", "create") => ["create-"],
            ("acedata", "callback") => ["result-", "task-"],
            ("acedata", "batch") => ["batch"],
            ("acedata", _) => ["task-", "result-"],
            ("aivideoapi", "create") => ["create-"],
            _ => ["task-"],
        };
        var corpus = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", folder), "*.json")
            .Where(f => prefixes.Any(p => Path.GetFileName(f).StartsWith(p, StringComparison.Ordinal)))
            .Select(File.ReadAllText)
            .ToList();
        corpus.Add(kind == "create" ? gateway.Accepted : gateway.Running);
        return corpus;
    }

    /// <summary>Applies each pick: replace a value, add a known field with a hostile value, drop a value, or cut the text.</summary>
    internal static string Mutate(string seed, int[] picks)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(seed);
        }
        catch (JsonException)
        {
            return seed;
        }

        string? cut = null;
        foreach (var pick in picks)
        {
            var nodes = new List<(JsonNode? Parent, object Slot, JsonNode? Node)> { (null, string.Empty, root) };
            Collect(root, nodes);
            var (parent, slot, node) = nodes[(pick / 8) % nodes.Count];
            var hostile = JsonNode.Parse(s_hostileValues[(pick / 64) % s_hostileValues.Length]);
            switch (pick % 8)
            {
                case 0 or 1 or 2:
                    if (parent is null)
                    {
                        root = hostile;
                    }
                    else
                    {
                        Set(parent, slot, hostile);
                    }

                    break;
                case 3 or 4:
                    var target = node as JsonObject ?? parent as JsonObject ?? root as JsonObject;
                    if (target is not null)
                    {
                        target[s_names[(pick / 4096) % s_names.Length]] = hostile;
                    }

                    break;
                case 5:
                    if (parent is JsonObject obj)
                    {
                        obj.Remove((string)slot);
                    }
                    else if (parent is JsonArray array)
                    {
                        array.RemoveAt((int)slot);
                    }

                    break;
                case 6:
                    Set(parent, slot, new JsonArray(node?.DeepClone(), null));
                    break;
                default:
                    cut = root?.ToJsonString() ?? "null";
                    cut = cut[..((pick / 8) % (cut.Length + 1))];
                    break;
            }
        }

        return cut ?? root?.ToJsonString() ?? "null";
    }

    private static void Collect(JsonNode? node, List<(JsonNode? Parent, object Slot, JsonNode? Node)> nodes)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    nodes.Add((obj, name, child));
                    Collect(child, nodes);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    nodes.Add((array, i, array[i]));
                    Collect(array[i], nodes);
                }

                break;
        }
    }

    private static void Set(JsonNode? parent, object slot, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject obj:
                obj[(string)slot] = value;
                break;
            case JsonArray array:
                array[(int)slot] = value;
                break;
        }
    }

    private static string Truncate(string body) => body.Length > 300 ? body[..300] + "..." : body;

    /// <summary>Answers every request with what <see cref="Respond"/> makes.</summary>
    private sealed class SwitchableHandler : HttpMessageHandler
    {
        public Func<HttpRequestMessage, HttpResponseMessage> Respond { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NotFound);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = Respond(request);
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
