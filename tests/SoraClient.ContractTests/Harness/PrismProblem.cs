using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SoraClient.ContractTests.Harness;

/// <summary>
/// An error Prism generated itself (as <c>application/problem+json</c>) because the request does not fit the spec.
/// With <c>--errors</c>, a schema violation looks like this (HTTP 422):
/// <code>
/// {"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,
///  "detail":"Your request is not valid and no HTTP validation response was found in the spec, so Prism is generating this error for you.",
///  "validation":[{"location":["body","seconds"],"severity":"Error","code":"type","message":"Request body property seconds must be string"}]}
/// </code>
/// Other types seen: <c>#UNAUTHORIZED</c> (401, no bearer token), <c>#NO_PATH_MATCHED_ERROR</c> (404),
/// <c>#NO_METHOD_MATCHED_ERROR</c> (405). All of them start with <see cref="TypePrefix"/>.
/// </summary>
public sealed class PrismProblem
{
    /// <summary>Every problem type Prism generates starts with this.</summary>
    public const string TypePrefix = "https://stoplight.io/prism/errors#";

    private PrismProblem(string type, string title, int status, string detail, IReadOnlyList<PrismViolation> violations)
    {
        Type = type;
        Title = title;
        Status = status;
        Detail = detail;
        Violations = violations;
    }

    /// <summary>e.g. <c>https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY</c>.</summary>
    public string Type { get; }

    /// <summary>The part of <see cref="Type"/> after <c>#</c>, e.g. <c>UNPROCESSABLE_ENTITY</c>.</summary>
    public string Code => Type.StartsWith(TypePrefix, StringComparison.Ordinal) ? Type[TypePrefix.Length..] : Type;

    public string Title { get; }

    public int Status { get; }

    public string Detail { get; }

    /// <summary>The schema violations (the <c>validation</c> array); empty for problems that are not about the schema.</summary>
    public IReadOnlyList<PrismViolation> Violations { get; }

    /// <summary>Reads a Prism-generated problem from a response body; false for any other body.</summary>
    public static bool TryParse(string body, [NotNullWhen(true)] out PrismProblem? problem)
    {
        problem = null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return false;
        }

        if (root is not JsonObject json
            || json["type"] is not JsonValue typeValue
            || !typeValue.TryGetValue<string>(out var type)
            || !type.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var violations = (json["validation"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(v => new PrismViolation(
                string.Join('.', (v["location"] as JsonArray ?? []).Select(part => part?.ToString() ?? "")),
                v["severity"]?.GetValue<string>() ?? "",
                v["code"]?.ToString() ?? "",
                v["message"]?.GetValue<string>() ?? ""))
            .ToList();
        problem = new PrismProblem(
            type,
            json["title"]?.GetValue<string>() ?? "",
            json["status"] is JsonValue status && status.TryGetValue<int>(out var code) ? code : 0,
            json["detail"]?.GetValue<string>() ?? "",
            violations);
        return true;
    }

    /// <summary>A readable, multi-line description for assertion messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Status} {Code}: {Title}");
        if (Violations.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({Detail})");
        }

        foreach (var violation in Violations)
        {
            text.AppendLine().Append("  - ").Append(violation);
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Describe();
}

/// <summary>
/// One entry of a Prism 422's <c>validation</c> array.
/// <see cref="Location"/> is the JSON location joined with dots, e.g. <c>body.seconds</c>, <c>query.limit</c>,
/// <c>body</c> (a missing required property), <c>header.content-type</c>.
/// <see cref="Code"/> is the JSON-schema keyword that failed: <c>type</c>, <c>enum</c>, <c>required</c>, <c>maximum</c>, ...
/// </summary>
public sealed record PrismViolation(string Location, string Severity, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location} [{Code}] {Message}";
}
