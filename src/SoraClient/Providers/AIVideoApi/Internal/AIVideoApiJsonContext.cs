using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.AIVideoApi.Internal;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(AIVideoApiTask))]
[JsonSerializable(typeof(AIVideoApiError))]
[JsonSerializable(typeof(AIVideoApiErrorEnvelope))]
internal sealed partial class AIVideoApiJsonContext : JsonSerializerContext;
