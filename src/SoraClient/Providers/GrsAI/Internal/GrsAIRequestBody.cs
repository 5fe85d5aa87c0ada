using System.Text;
using System.Text.Json.Nodes;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>Builds GrsAI's JSON bodies (camelCase, field names exactly as documented). Built once; <see cref="CreateContent"/> makes fresh content per attempt.</summary>
internal static class GrsAIRequestBody
{
    /// <summary>The <c>webHook</c> value that asks for an immediate <c>{id}</c> answer and polling.</summary>
    public const string PollingWebHook = "-1";

    /// <summary>The body of <c>POST /v1/video/sora-video</c>.</summary>
    /// <param name="request">The neutral request (prompt, characters, remix, extras).</param>
    /// <param name="settings">The normalised settings.</param>
    /// <param name="size">The effective size option (its name is <c>{aspectRatio}/{size}</c>).</param>
    /// <param name="image">The reference image as GrsAI takes it (URL or base64), if any.</param>
    /// <param name="webHook">The <c>webHook</c> value: <c>-1</c>, a URL, or <see langword="null"/> to stream.</param>
    public static JsonObject ForVideo(VideoGenerationRequest request, VideoGenerationSettings settings, VideoSizeOption size, string? image, string? webHook)
    {
        var (aspectRatio, tier) = WireSize(size);
        var json = new JsonObject
        {
            ["model"] = settings.Model,
            ["prompt"] = GrsAIPrompt.WithCharacters(request.Prompt, request.Characters),
        };
        if (image is not null)
        {
            json["url"] = image;
        }

        json["aspectRatio"] = aspectRatio;
        json["duration"] = settings.DurationSeconds;
        json["size"] = tier;
        if (request.RemixOf is { } pid)
        {
            json["remixTargetId"] = pid;
        }

        if (webHook is not null)
        {
            json["webHook"] = webHook;
        }

        return Merge(json, request);
    }

    /// <summary>The body of <c>sora-upload-character</c> (<c>url</c>) or <c>sora-create-character</c> (<c>pid</c>).</summary>
    public static JsonObject ForCharacter(string field, string value, string timestamps) => new()
    {
        [field] = value,
        ["timestamps"] = timestamps,
        ["webHook"] = PollingWebHook,
    };

    /// <summary>The body of <c>POST /v1/draw/result</c>.</summary>
    public static JsonObject ForResult(string taskId) => new() { ["id"] = taskId };

    public static HttpContent CreateContent(JsonObject json) => new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>
    /// GrsAI's <c>aspectRatio</c> and <c>size</c> for a size option: split from its name (<c>16:9/large</c>), or, for a
    /// size added through the options without that form, derived from its shape and tier.
    /// </summary>
    public static (string AspectRatio, string Size) WireSize(VideoSizeOption size)
    {
        var slash = size.Name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < size.Name.Length - 1)
        {
            return (size.Name[..slash], size.Name[(slash + 1)..]);
        }

        var aspectRatio = size.AspectRatio switch
        {
            VideoAspectRatio.Landscape => "16:9",
            VideoAspectRatio.Square => "1:1",
            _ => "9:16",
        };
        return (aspectRatio, size.Resolution == VideoResolution.Standard ? "small" : "large");
    }

    private static JsonObject Merge(JsonObject json, VideoGenerationRequest request)
    {
        foreach (var (name, value) in request.AdditionalProperties)
        {
            json[name] = value?.DeepClone();
        }

        return json;
    }
}
