using System.Text;
using Microsoft.Extensions.Logging;

namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>
/// Webhook mode: posts a task to its <c>webHook</c> URL each time it changes (only the final state with
/// <c>shutProgress</c>), looking at it once per <see cref="GrsAIProtocol.UpdateInterval"/> of the emulator's clock,
/// until it finishes or the emulator stops. A failed delivery is logged and not retried (GrsAI documents no retries).
/// </summary>
internal sealed partial class GrsAICallbacks(TimeProvider time, ILogger logger) : IDisposable
{
    private readonly ILogger _logger = logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Starts delivering; <paramref name="snapshot"/> gives the task's JSON and whether it is final (<see langword="null"/> once it is gone).</summary>
    public void Start(Uri url, Func<(string Json, bool Terminal)?> snapshot, bool shutProgress) =>
        _ = DeliverAsync(url, snapshot, shutProgress, _stopping.Token);

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _http.Dispose();
    }

    private async Task DeliverAsync(Uri url, Func<(string Json, bool Terminal)?> snapshot, bool shutProgress, CancellationToken stopping)
    {
        string? delivered = null;
        try
        {
            while (snapshot() is var (json, terminal))
            {
                if ((!shutProgress || terminal) && !string.Equals(json, delivered, StringComparison.Ordinal))
                {
                    await PostAsync(url, json, stopping).ConfigureAwait(false);
                    delivered = json;
                }

                if (terminal)
                {
                    return;
                }

                await Task.Delay(GrsAIProtocol.UpdateInterval, time, stopping).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            // the emulator is stopping
        }
    }

    private async Task PostAsync(Uri url, string json, CancellationToken stopping)
    {
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(url, content, stopping).ConfigureAwait(false);
            LogDelivered(url.GetLeftPart(UriPartial.Path), (int)response.StatusCode);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
        {
            LogFailed(url.GetLeftPart(UriPartial.Path), exception.GetType().Name);
        }
    }

    [LoggerMessage(LogLevel.Information, "GrsAI callback to {Url} -> {StatusCode}")]
    private partial void LogDelivered(string url, int statusCode);

    [LoggerMessage(LogLevel.Warning, "GrsAI callback to {Url} failed: {Error}")]
    private partial void LogFailed(string url, string error);
}
