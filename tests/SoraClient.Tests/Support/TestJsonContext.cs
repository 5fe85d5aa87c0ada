using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Tests.Support;

public sealed class TestDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }
}

[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(TestDto))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
