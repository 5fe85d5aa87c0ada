using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary>The aivideoapi protocol's JSON metadata (its own context: fields absent from a task are left out, except a null <c>progress</c>).</summary>
[JsonSerializable(typeof(AIVideoApiCreated))]
[JsonSerializable(typeof(AIVideoApiTask))]
[JsonSerializable(typeof(AIVideoApiErrorResponse))]
internal sealed partial class AIVideoApiJsonContext : JsonSerializerContext
{
    public static AIVideoApiJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
