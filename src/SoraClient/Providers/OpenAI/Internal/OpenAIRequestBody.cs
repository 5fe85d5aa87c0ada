using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SoraClient.Providers.OpenAI.Internal;

/// <summary>
/// The body of <c>POST /videos</c>: JSON, or multipart/form-data when the reference image is uploaded as a file.
/// Built once; <see cref="CreateContent"/> makes fresh content for each attempt.
/// </summary>
internal sealed class OpenAIRequestBody
{
    private readonly JsonObject? _json;
    private readonly List<KeyValuePair<string, string>> _fields = [];
    private readonly UploadedImage? _image;

    private OpenAIRequestBody(JsonObject? json, UploadedImage? image)
    {
        _json = json;
        _image = image;
    }

    public bool IsMultipart => _json is null;

    public static OpenAIRequestBody ForCreate(VideoGenerationRequest request, VideoGenerationSettings settings, UploadedImage? image)
    {
        if (image is null)
        {
            var json = new JsonObject
            {
                ["prompt"] = request.Prompt,
                ["model"] = settings.Model,
                ["seconds"] = settings.DurationSeconds.ToString(CultureInfo.InvariantCulture),
                ["size"] = settings.Size,
            };
            if (request.ReferenceImage?.Uri is { } uri)
            {
                json["input_reference"] = new JsonObject { ["image_url"] = uri.OriginalString };
            }

            if (request.Characters.Count > 0)
            {
                json["characters"] = new JsonArray([.. request.Characters.Select(id => new JsonObject { ["id"] = id })]);
            }

            return new OpenAIRequestBody(Merge(json, request), null);
        }

        // Multipart: nested objects are flattened the way the official SDKs do (characters[0][id]).
        var body = new OpenAIRequestBody(null, image);
        body._fields.Add(new("prompt", request.Prompt));
        body._fields.Add(new("model", settings.Model));
        body._fields.Add(new("seconds", settings.DurationSeconds.ToString(CultureInfo.InvariantCulture)));
        body._fields.Add(new("size", settings.Size));
        for (var i = 0; i < request.Characters.Count; i++)
        {
            body._fields.Add(new(string.Create(CultureInfo.InvariantCulture, $"characters[{i}][id]"), request.Characters[i]));
        }

        foreach (var (name, value) in request.AdditionalProperties)
        {
            body._fields.RemoveAll(f => string.Equals(f.Key, name, StringComparison.Ordinal));
            if (value is not null)
            {
                body._fields.Add(new(name, value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString()));
            }
        }

        return body;
    }

    public static OpenAIRequestBody ForRemix(VideoGenerationRequest request) =>
        new(Merge(new JsonObject { ["prompt"] = request.Prompt }, request), null);

    public HttpContent CreateContent()
    {
        if (_json is not null)
        {
            return new StringContent(_json.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var form = new MultipartFormDataContent();
        foreach (var (name, value) in _fields)
        {
            var field = new StringContent(value, Encoding.UTF8);
            field.Headers.ContentType = null; // a plain form field, as browsers and curl send it
            field.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = Quote(name) };
            form.Add(field);
        }

        var file = new ByteArrayContent(_image!.Bytes.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue(_image.MediaType);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = Quote("input_reference"), FileName = Quote(_image.FileName) };
        form.Add(file);
        return form;
    }

    // Quoted, as browsers and curl write them: some multipart parsers (Prism's among them) choke on bare values.
    private static string Quote(string value) => "\"" + value.Replace("\"", "%22", StringComparison.Ordinal) + "\"";

    private static JsonObject Merge(JsonObject json, VideoGenerationRequest request)
    {
        foreach (var (name, value) in request.AdditionalProperties)
        {
            json[name] = value?.DeepClone();
        }

        return json;
    }
}
