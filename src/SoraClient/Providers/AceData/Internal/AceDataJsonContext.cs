using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.AceData.Internal;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(AceDataTask))]
[JsonSerializable(typeof(AceDataResult))]
[JsonSerializable(typeof(AceDataVideo))]
[JsonSerializable(typeof(List<AceDataVideo>))]
[JsonSerializable(typeof(AceDataTaskBatch))]
[JsonSerializable(typeof(AceDataErrorEnvelope))]
internal sealed partial class AceDataJsonContext : JsonSerializerContext;
