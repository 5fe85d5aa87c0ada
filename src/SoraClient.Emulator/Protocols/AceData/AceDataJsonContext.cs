using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AceData;

/// <summary>
/// The AceData protocol's JSON metadata. Its own context, because AceData leaves absent fields out (a running task has no
/// <c>response</c>, a result no <c>error</c>), where <see cref="EmulatorJsonContext"/> writes OpenAI's nulls.
/// </summary>
[JsonSerializable(typeof(AceDataSubmitted))]
[JsonSerializable(typeof(AceDataResult))]
[JsonSerializable(typeof(AceDataTask))]
[JsonSerializable(typeof(AceDataTaskBatch))]
[JsonSerializable(typeof(AceDataErrorResponse))]
internal sealed partial class AceDataJsonContext : JsonSerializerContext
{
    public static AceDataJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
