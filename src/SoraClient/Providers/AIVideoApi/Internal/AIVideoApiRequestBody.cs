using System.Text;
using System.Text.Json.Nodes;

namespace SoraClient.Providers.AIVideoApi.Internal;

/// <summary>
/// The documented body of <c>POST /v1/videos/generations</c>:
/// <c>{"model","callback_url"?,"input":{"prompt","duration","aspect_ratio","image_urls"?}}</c> (the seed's flat
/// <c>{model, prompt, duration, size}</c> is older marketing copy). Raw fields from
/// <see cref="VideoGenerationRequest.AdditionalProperties"/> go into <c>input</c>, except <c>model</c> and
/// <c>callback_url</c>, which are top-level.
/// </summary>
internal static class AIVideoApiRequestBody
{
    public static JsonObject Create(VideoGenerationRequest request, VideoGenerationSettings settings, string? image)
    {
        var input = new JsonObject
        {
            ["prompt"] = request.Prompt,
            ["duration"] = settings.DurationSeconds,
            ["aspect_ratio"] = settings.Size,
        };
        if (image is not null)
        {
            input["image_urls"] = new JsonArray(image);
        }

        var json = new JsonObject { ["model"] = settings.Model };
        if (request.CallbackUri is { } callback)
        {
            json["callback_url"] = callback.AbsoluteUri;
        }

        json["input"] = input;
        foreach (var (name, value) in request.AdditionalProperties)
        {
            var target = name is "model" or "callback_url" ? json : input;
            target[name] = value?.DeepClone();
        }

        return json;
    }

    public static HttpContent ToContent(JsonNode json) => new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
}
