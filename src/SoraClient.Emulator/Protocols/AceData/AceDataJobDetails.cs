using System.Text.Json;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary>What an AceData job was created with, as the protocol reports it back.</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The API version (<c>1.0</c> or <c>2.0</c>).</param>
/// <param name="Duration">The length in seconds.</param>
/// <param name="Request">The create body as received, for the task's <c>request</c>.</param>
/// <param name="TraceId">The create request's trace id.</param>
/// <param name="VideoId">The result video's id (<c>sora-2:task_…</c> on 1.0, a UUID on 2.0).</param>
/// <param name="VideoUrl">The result's URL on the emulator's CDN.</param>
internal sealed record AceDataJobDetails(string Model, string Version, int Duration, JsonElement Request, string TraceId, string VideoId, string VideoUrl);
