using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.GrsAI.Internal;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(GrsAITask))]
[JsonSerializable(typeof(GrsAIEnvelope))]
internal sealed partial class GrsAIJsonContext : JsonSerializerContext;
