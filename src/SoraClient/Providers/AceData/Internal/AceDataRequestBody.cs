using System.Text;
using System.Text.Json.Nodes;

namespace SoraClient.Providers.AceData.Internal;

/// <summary>
/// The body of <c>POST /sora/videos</c>. Never the synchronous mode that holds the connection for minutes: with a
/// callback URL it sends <c>callback_url</c>, otherwise <c>async:true</c>; either way the answer is a <c>task_id</c>.
/// </summary>
internal static class AceDataRequestBody
{
    public static JsonObject Create(VideoGenerationRequest request, VideoGenerationSettings settings, VideoSizeOption size, string? image)
    {
        var json = new JsonObject
        {
            ["model"] = settings.Model,
            ["prompt"] = request.Prompt,
        };
        if (settings.ProviderSettings.TryGetValue(AceDataModels.VersionSetting, out var version))
        {
            json["version"] = version;
        }

        json["duration"] = settings.DurationSeconds;
        if (size.Width is not null)
        {
            json["size"] = size.Name; // version 2.0: a pixel size, which also gives the shape
        }
        else
        {
            // version 1.0: "small-portrait" is size "small" and orientation "portrait"
            var dash = size.Name.IndexOf('-', StringComparison.Ordinal);
            json["size"] = dash > 0 ? size.Name[..dash] : size.Name;
            json["orientation"] = size.AspectRatio switch
            {
                VideoAspectRatio.Landscape => "landscape",
                VideoAspectRatio.Square => "square",
                _ => "portrait",
            };
        }

        if (image is not null)
        {
            json["image_urls"] = new JsonArray(image);
        }

        if (request.CallbackUri is { } callback)
        {
            json["callback_url"] = callback.AbsoluteUri;
        }
        else
        {
            json["async"] = true;
        }

        foreach (var (name, value) in request.AdditionalProperties)
        {
            json[name] = value?.DeepClone();
        }

        return json;
    }

    public static HttpContent ToContent(JsonNode json) => new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
}
