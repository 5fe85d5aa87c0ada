using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Providers.OpenAI.Internal;

// One source-generated context per protocol, listing that gateway's wire types (the DTOs beside it mirror each gateway's
// own JSON, so they look alike across gateways by design); contexts cannot be shared without listing every gateway's types.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(OpenAIVideo))]
[JsonSerializable(typeof(OpenAIVideoList))]
[JsonSerializable(typeof(OpenAIDeletedVideo))]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;
