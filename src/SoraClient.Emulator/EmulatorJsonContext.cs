using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoraClient.Emulator.Protocols.GrsAI;
using SoraClient.Emulator.Protocols.OpenAI;

namespace SoraClient.Emulator;

/// <summary>
/// Source-generated JSON metadata for every body the emulator writes (reflection-based serialization is off in tests
/// and unavailable under AOT). Property names are explicit on each DTO because the gateways disagree on casing;
/// nulls are written because OpenAI's Video object requires its nullable keys to be present.
/// </summary>
[JsonSerializable(typeof(OpenAIVideo))]
[JsonSerializable(typeof(OpenAIVideoList))]
[JsonSerializable(typeof(OpenAIDeletedVideo))]
[JsonSerializable(typeof(OpenAIErrorResponse))]
[JsonSerializable(typeof(GrsAITask))]
[JsonSerializable(typeof(GrsAIResultResponse))]
[JsonSerializable(typeof(GrsAISubmitResponse))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The instance to serialize with: like the real gateways, it writes <c>'</c>, <c>&lt;</c> and non-ASCII text
    /// as is (<c>"Invalid value: 'x'"</c>, not <c>"Invalid value: \u0027x\u0027"</c>).
    /// </summary>
    public static EmulatorJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
