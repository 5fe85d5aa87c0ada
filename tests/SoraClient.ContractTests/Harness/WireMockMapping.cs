using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// A WireMock stub mapping built fluently; <see cref="ToJson"/> gives the JSON that
/// <c>POST /__admin/mappings</c> takes (see https://wiremock.org/docs/stubbing/). Anything not covered here:
/// <see cref="Configure"/> edits the JSON directly, or pass raw JSON to <see cref="WireMockAdmin.AddMappingAsync(string, CancellationToken)"/>.
/// </summary>
/// <example>
/// <code>
/// await admin.AddMappingAsync(
///     WireMockMapping.ForPath("POST", "/v1/videos")
///         .WithHeader("Authorization", "Bearer sk-test")
///         .RespondWithJson(200, """{"id":"video_1","status":"queued"}""")
///         .WithFixedDelay(TimeSpan.FromMilliseconds(300)));
/// </code>
/// </example>
public sealed class WireMockMapping
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private readonly JsonObject _root;

    private WireMockMapping(JsonObject root)
    {
        _root = root;
    }

    private JsonObject Request => (JsonObject)(_root["request"] ??= new JsonObject());

    private JsonObject Response => (JsonObject)(_root["response"] ??= new JsonObject { ["status"] = 200 });

    /// <summary>Matches <paramref name="method"/> (or <c>ANY</c>) and exactly this path; the query string is ignored.</summary>
    public static WireMockMapping ForPath(string method, string urlPath) => Create(method, "urlPath", urlPath);

    /// <summary>Matches <paramref name="method"/> and exactly this path plus query string (e.g. <c>/v1/videos?limit=2</c>).</summary>
    public static WireMockMapping ForUrl(string method, string url) => Create(method, "url", url);

    /// <summary>Matches <paramref name="method"/> and a path that matches the regular expression (query ignored).</summary>
    public static WireMockMapping ForPathPattern(string method, string urlPathRegex) => Create(method, "urlPathPattern", urlPathRegex);

    /// <summary>Starts from raw mapping JSON, to be refined with the other methods.</summary>
    public static WireMockMapping FromJson(string mappingJson) =>
        new(JsonNode.Parse(mappingJson) as JsonObject ?? throw new ArgumentException("A mapping must be a JSON object.", nameof(mappingJson)));

    /// <summary>Requires the header to equal <paramref name="value"/>.</summary>
    public WireMockMapping WithHeader(string name, string value) => WithHeaderMatcher(name, new JsonObject { ["equalTo"] = value });

    /// <summary>Requires the header to match the regular expression.</summary>
    public WireMockMapping WithHeaderMatching(string name, string regex) => WithHeaderMatcher(name, new JsonObject { ["matches"] = regex });

    /// <summary>Requires the header to be absent.</summary>
    public WireMockMapping WithoutHeader(string name) => WithHeaderMatcher(name, new JsonObject { ["absent"] = true });

    /// <summary>Requires the query parameter to equal <paramref name="value"/>.</summary>
    public WireMockMapping WithQueryParam(string name, string value)
    {
        var parameters = (JsonObject)(Request["queryParameters"] ??= new JsonObject());
        parameters[name] = new JsonObject { ["equalTo"] = value };
        return this;
    }

    /// <summary>Requires the body to contain <paramref name="text"/>.</summary>
    public WireMockMapping WithBodyContaining(string text) => WithBodyPattern(new JsonObject { ["contains"] = text });

    /// <summary>Requires the body to be JSON equal to <paramref name="json"/> (property order never matters).</summary>
    public WireMockMapping WithJsonBody(string json, bool ignoreExtraElements = false) => WithBodyPattern(new JsonObject
    {
        ["equalToJson"] = json,
        ["ignoreExtraElements"] = ignoreExtraElements,
    });

    /// <summary>Adds any WireMock body pattern, e.g. <c>{"matchesJsonPath": "$.prompt"}</c>.</summary>
    public WireMockMapping WithBodyPattern(JsonObject pattern)
    {
        var patterns = (JsonArray)(Request["bodyPatterns"] ??= new JsonArray());
        patterns.Add(pattern);
        return this;
    }

    /// <summary>1 is the highest priority; WireMock's default is 5. Among equal priorities the newest mapping wins.</summary>
    public WireMockMapping WithPriority(int priority)
    {
        _root["priority"] = priority;
        return this;
    }

    /// <summary>
    /// Makes the mapping part of a scenario: it matches only while the scenario is in <paramref name="requiredState"/>
    /// (every scenario begins in <see cref="WireMockAdmin.StartedState"/>) and then moves it to <paramref name="newState"/>.
    /// </summary>
    public WireMockMapping InScenario(string scenarioName, string requiredState, string? newState = null)
    {
        _root["scenarioName"] = scenarioName;
        _root["requiredScenarioState"] = requiredState;
        if (newState is null)
        {
            _root.Remove("newScenarioState");
        }
        else
        {
            _root["newScenarioState"] = newState;
        }

        return this;
    }

    /// <summary>Answers with this status and no body.</summary>
    public WireMockMapping RespondWithStatus(int status)
    {
        Response["status"] = status;
        return this;
    }

    /// <summary>Answers with a JSON body and <c>Content-Type: application/json</c>.</summary>
    public WireMockMapping RespondWithJson(int status, string json)
    {
        using (JsonDocument.Parse(json))
        {
            // fail here, not in the SDK under test, when a fixture is not JSON
        }

        return RespondWithBody(status, json, "application/json");
    }

    /// <summary>Answers with a text body and the given content type.</summary>
    public WireMockMapping RespondWithBody(int status, string body, string contentType)
    {
        ClearBody();
        Response["status"] = status;
        Response["body"] = body;
        return WithResponseHeader("Content-Type", contentType);
    }

    /// <summary>Answers with a binary body (sent inline as base64) and an exact <c>Content-Length</c>.</summary>
    public WireMockMapping RespondWithBytes(int status, ReadOnlySpan<byte> body, string contentType)
    {
        ClearBody();
        Response["status"] = status;
        Response["base64Body"] = Convert.ToBase64String(body);
        WithResponseHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        return WithResponseHeader("Content-Type", contentType);
    }

    /// <summary>Answers with a file stored by <see cref="WireMockAdmin.PutFileAsync"/> (best for large bodies).</summary>
    public WireMockMapping RespondWithBodyFile(int status, string fileName, string contentType)
    {
        ClearBody();
        Response["status"] = status;
        Response["bodyFileName"] = fileName;
        return WithResponseHeader("Content-Type", contentType);
    }

    /// <summary>Answers with a network fault instead of a response (status, headers and body are ignored).</summary>
    public WireMockMapping RespondWithFault(WireMockFault fault)
    {
        Response["fault"] = fault.ToWireName();
        return this;
    }

    /// <summary>Sets a response header (replacing one of the same name).</summary>
    public WireMockMapping WithResponseHeader(string name, string value)
    {
        var headers = (JsonObject)(Response["headers"] ??= new JsonObject());
        foreach (var existing in headers.Select(h => h.Key).Where(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(existing);
        }

        headers[name] = value;
        return this;
    }

    /// <summary>Waits this long before sending the response (<c>fixedDelayMilliseconds</c>).</summary>
    public WireMockMapping WithFixedDelay(TimeSpan delay)
    {
        Response["fixedDelayMilliseconds"] = (long)delay.TotalMilliseconds;
        return this;
    }

    /// <summary>
    /// Sends the headers at once, then the body in <paramref name="chunks"/> pieces spread over
    /// <paramref name="totalDuration"/> (<c>chunkedDribbleDelay</c>): a slow body, for read-timeout tests.
    /// </summary>
    public WireMockMapping WithChunkedDribbleDelay(int chunks, TimeSpan totalDuration)
    {
        Response["chunkedDribbleDelay"] = new JsonObject
        {
            ["numberOfChunks"] = chunks,
            ["totalDuration"] = (long)totalDuration.TotalMilliseconds,
        };
        return this;
    }

    /// <summary>Edits the mapping JSON directly, for WireMock features without a method here.</summary>
    public WireMockMapping Configure(Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        edit(_root);
        return this;
    }

    /// <summary>A copy of the mapping JSON.</summary>
    public JsonObject ToJson() => (JsonObject)_root.DeepClone();

    /// <inheritdoc />
    public override string ToString() => _root.ToJsonString(s_indented);

    private static WireMockMapping Create(string method, string urlKind, string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return new WireMockMapping(new JsonObject
        {
            ["request"] = new JsonObject { ["method"] = method.ToUpperInvariant(), [urlKind] = url },
            ["response"] = new JsonObject { ["status"] = 200 },
        });
    }

    private WireMockMapping WithHeaderMatcher(string name, JsonObject matcher)
    {
        var headers = (JsonObject)(Request["headers"] ??= new JsonObject());
        headers[name] = matcher;
        return this;
    }

    private void ClearBody()
    {
        Response.Remove("body");
        Response.Remove("base64Body");
        Response.Remove("jsonBody");
        Response.Remove("bodyFileName");
    }
}
