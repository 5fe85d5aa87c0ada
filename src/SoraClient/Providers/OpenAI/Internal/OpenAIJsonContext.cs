using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.OpenAI.Internal;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(OpenAIVideo))]
[JsonSerializable(typeof(OpenAIVideoList))]
[JsonSerializable(typeof(OpenAIDeletedVideo))]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;
