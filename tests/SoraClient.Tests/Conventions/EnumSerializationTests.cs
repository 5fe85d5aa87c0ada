using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoraClient.Tests.Conventions;

/// <summary>Public enums serialise by name ("Succeeded", not 2), with the AOT-safe generic converter.</summary>
public sealed partial class EnumSerializationTests
{
    [Fact]
    public void EveryPublicEnum_HasTheGenericStringConverter()
    {
        var missing = typeof(IVideoGenerator).Assembly.GetExportedTypes()
            .Where(t => t.IsEnum)
            .Where(t => t.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType != typeof(JsonStringEnumConverter<>).MakeGenericType(t))
            .Select(t => t.FullName);

        Assert.Empty(missing);
    }

    [Fact]
    public void Job_SerialisesStatusAndCategoryAsNames()
    {
        var error = new VideoJobError("blocked", "The prompt was blocked.", VideoErrorCategory.ContentPolicy);

        var json = JsonSerializer.Serialize(new StatusView(VideoJobStatus.Succeeded, error), EnumJsonContext.Default.StatusView);

        Assert.Contains("\"Status\":\"Succeeded\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Category\":\"ContentPolicy\"", json, StringComparison.Ordinal);
        Assert.Equal(VideoJobStatus.Expired, JsonSerializer.Deserialize("\"Expired\"", EnumJsonContext.Default.VideoJobStatus));
    }

    public sealed record StatusView(VideoJobStatus Status, VideoJobError Error);

    [JsonSerializable(typeof(StatusView))]
    [JsonSerializable(typeof(VideoJobStatus))]
    private sealed partial class EnumJsonContext : JsonSerializerContext;
}
