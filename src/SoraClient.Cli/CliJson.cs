using System.Text.Json.Nodes;
using SoraClient.Jobs;

namespace SoraClient.Cli;

/// <summary>The JSON shapes of <c>--json</c> output (stable: scripts read them).</summary>
internal static class CliJson
{
    public static JsonObject Job(VideoJob job, string? file = null, long? bytes = null, VideoCostEstimate? cost = null)
    {
        var json = new JsonObject
        {
            ["reference"] = job.Reference.ToString(),
            ["provider"] = job.Provider,
            ["id"] = job.Id,
            ["status"] = job.Status.ToString().ToLowerInvariant(),
            ["progress"] = job.Progress,
            ["model"] = job.Model,
        };
        if (job.Error is { } error)
        {
            json["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["category"] = error.Category.ToString() };
        }

        if (file is not null)
        {
            json["file"] = file;
            json["bytes"] = bytes;
        }

        if (cost is not null)
        {
            json["cost"] = Cost(cost);
        }

        return json;
    }

    public static JsonObject Cost(VideoCostEstimate cost) => new()
    {
        ["amount"] = cost.Amount,
        ["currency"] = cost.Currency,
        ["model"] = cost.Settings.Model,
        ["seconds"] = cost.Settings.DurationSeconds,
        ["size"] = cost.Settings.Size,
    };

    public static JsonObject Entry(VideoJobEntry entry, string? @event = null)
    {
        var json = new JsonObject();
        if (@event is not null)
        {
            json["event"] = @event;
        }

        json["key"] = entry.Key;
        json["state"] = entry.State.ToString().ToLowerInvariant();
        json["reference"] = entry.Reference?.ToString();
        json["status"] = entry.JobStatus?.ToString().ToLowerInvariant();
        json["progress"] = entry.Progress;
        json["file"] = entry.File?.Path;
        json["bytes"] = entry.File?.Length;
        json["sha256"] = entry.File?.Sha256;
        json["cost"] = entry.EstimatedCost;
        json["currency"] = entry.Currency;
        json["error"] = entry.Error?.Message;
        return json;
    }
}
