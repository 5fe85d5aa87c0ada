using System.Text.Json.Nodes;
using SoraClient.Jobs;

namespace SoraClient.Cli;

/// <summary>Turns an exception into a printed reason and an exit code (see <see cref="ExitCodes"/>).</summary>
internal static class CliErrors
{
    public static int Report(Exception exception, CliConsole console, Gateway? gateway = null, string? output = null)
    {
        var (code, kind, message) = exception switch
        {
            CliUsageException or FormatException => (ExitCodes.Usage, "usage", exception.Message),
            VideoRequestValidationException validation => (ExitCodes.Usage, "validation",
                validation.AllowedValues is { Count: > 0 } allowed && !validation.Message.Contains(allowed[0], StringComparison.Ordinal)
                    ? $"{validation.Message} Allowed: {string.Join(", ", allowed)}."
                    : validation.Message),
            ArgumentException or NotSupportedException => (ExitCodes.Usage, "validation", exception.Message),
            VideoJobFailedException failed => (ExitCodes.JobFailed, "job_failed", failed.Message),
            VideoWaitTimeoutException timeout => (ExitCodes.WaitTimedOut, "timeout", timeout.LastJob is { } last && gateway is not null
                ? $"{timeout.Message} The job goes on at the gateway; resume with: {gateway.ResumeCommand(last.Reference, output)}"
                : timeout.Message),
            VideoSubmissionUncertainException => (ExitCodes.ProviderError, "uncertain", exception.Message + " The job may exist and be billed: check the gateway before submitting again."),
            VideoGenerationException or HttpRequestException or VideoJobLedgerException or IOException or UnauthorizedAccessException => (ExitCodes.ProviderError, "provider", exception.Message),
            _ => (ExitCodes.ProviderError, "error", $"{exception.GetType().Name}: {exception.Message}"),
        };

        if (console.Json)
        {
            var error = new JsonObject { ["error"] = kind, ["message"] = message, ["exitCode"] = code };
            if (exception is VideoRequestValidationException { AllowedValues: { Count: > 0 } values })
            {
                error["allowed"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
            }

            if (exception is VideoJobFailedException { Job: { } job })
            {
                error["job"] = CliJson.Job(job);
            }

            console.WriteJson(error);
        }

        console.Fail(message);
        return code;
    }
}
