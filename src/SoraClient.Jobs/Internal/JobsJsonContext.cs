using System.Text.Json.Serialization;

namespace SoraClient.Jobs.Internal;

/// <summary>Source-generated JSON for what the ledger stores as text (the request).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VideoJobRequest))]
internal sealed partial class JobsJsonContext : JsonSerializerContext;
