using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>
/// A request body read either as JSON or as a form (multipart or url-encoded), with typed access that raises
/// OpenAI's validation errors. Multipart carries nested objects the way the official SDKs flatten them:
/// <c>input_reference[image_url]</c>, <c>characters[0][id]</c>.
/// </summary>
internal sealed class OpenAIRequestBody : IDisposable
{
    private const string ReferenceParam = "input_reference";

    private readonly JsonDocument? _json;
    private readonly IFormCollection? _form;

    private OpenAIRequestBody(JsonDocument? json, IFormCollection? form)
    {
        _json = json;
        _form = form;
    }

    public static async Task<OpenAIRequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasJsonContentType())
        {
            JsonDocument document;
            try
            {
                document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                throw OpenAIRequestException.InvalidRequest(
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)");
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                var actual = Describe(document.RootElement);
                document.Dispose();
                throw OpenAIRequestException.InvalidRequest(
                    $"Invalid type for the JSON body: expected an object, but got {actual} instead.", code: "invalid_type");
            }

            return new OpenAIRequestBody(document, form: null);
        }

        if (request.HasFormContentType)
        {
            try
            {
                return new OpenAIRequestBody(json: null, await request.ReadFormAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (InvalidDataException exception)
            {
                throw OpenAIRequestException.InvalidRequest($"Could not parse the multipart form body: {exception.Message}");
            }
        }

        if (string.IsNullOrEmpty(request.ContentType) && request.ContentLength is null or 0)
        {
            return new OpenAIRequestBody(json: null, form: null); // no body at all: every field is missing
        }

        throw OpenAIRequestException.InvalidRequest(
            $"Unsupported content type: '{request.ContentType}'. This endpoint accepts 'application/json' and 'multipart/form-data' requests.");
    }

    /// <summary>A string field, or <see langword="null"/> when absent or JSON <c>null</c>.</summary>
    public string? GetString(string name)
    {
        if (_json is not null)
        {
            if (!_json.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw OpenAIRequestException.InvalidType(name, "a string", Describe(value));
        }

        return _form is not null && _form.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
    }

    /// <summary>
    /// The bytes of the reference image, when the request carries one the emulator can see (an uploaded file or a
    /// base64 data URL); <see langword="null"/> when there is none or it is only referenced (an http(s) URL or a
    /// <c>file_id</c>, which the emulator accepts without fetching).
    /// </summary>
    public async Task<byte[]?> ReadReferenceImageAsync(CancellationToken cancellationToken)
    {
        if (_form?.Files.GetFile(ReferenceParam) is { } file)
        {
            var content = new byte[file.Length];
            var stream = file.OpenReadStream();
            await using (stream.ConfigureAwait(false))
            {
                await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            }

            return content;
        }

        if (!TryGetReferenceObject(out var imageUrl, out var fileId))
        {
            return null;
        }

        if ((imageUrl is null) == (fileId is null))
        {
            throw OpenAIRequestException.InvalidRequest(
                "Provide exactly one of 'image_url' or 'file_id' in 'input_reference'.", ReferenceParam, "invalid_value");
        }

        if (fileId is not null)
        {
            return fileId.Length > 0
                ? null
                : throw OpenAIRequestException.InvalidRequest("Invalid 'input_reference.file_id': empty string.", ReferenceParam + ".file_id", "invalid_value");
        }

        return DecodeImageUrl(imageUrl!);
    }

    /// <summary>The ids of the <c>characters</c> array (JSON) or of the <c>characters[N][id]</c> fields (form), in order.</summary>
    public IReadOnlyList<string> GetCharacterIds()
    {
        const string Param = "characters";
        if (_json is not null)
        {
            if (!_json.RootElement.TryGetProperty(Param, out var characters) || characters.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (characters.ValueKind != JsonValueKind.Array)
            {
                throw OpenAIRequestException.InvalidType(Param, "an array", Describe(characters));
            }

            var ids = new List<string>();
            foreach (var (character, index) in characters.EnumerateArray().Select((c, i) => (c, i)))
            {
                var param = string.Create(CultureInfo.InvariantCulture, $"{Param}[{index}]");
                if (character.ValueKind != JsonValueKind.Object)
                {
                    throw OpenAIRequestException.InvalidType(param, "an object", Describe(character));
                }

                ids.Add(GetNestedString(character, param, "id") ?? throw OpenAIRequestException.MissingParameter(param + ".id"));
            }

            return ids;
        }

        if (_form is null)
        {
            return [];
        }

        var indexed = new SortedDictionary<int, string>();
        foreach (var (key, value) in _form)
        {
            // characters[0][id]
            if (key.StartsWith(Param + "[", StringComparison.Ordinal)
                && key.EndsWith("][id]", StringComparison.Ordinal)
                && int.TryParse(key.AsSpan(Param.Length + 1, key.Length - Param.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                indexed[index] = value.ToString();
            }
        }

        return [.. indexed.Values];
    }

    /// <summary>The <c>input_reference</c> object: JSON <c>{image_url, file_id}</c>, or the flattened form fields.</summary>
    private bool TryGetReferenceObject(out string? imageUrl, out string? fileId)
    {
        imageUrl = null;
        fileId = null;
        if (_json is not null)
        {
            if (!_json.RootElement.TryGetProperty(ReferenceParam, out var reference) || reference.ValueKind == JsonValueKind.Null)
            {
                return false;
            }

            if (reference.ValueKind != JsonValueKind.Object)
            {
                throw OpenAIRequestException.InvalidType(ReferenceParam, "an object", Describe(reference));
            }

            imageUrl = GetNestedString(reference, ReferenceParam, "image_url");
            fileId = GetNestedString(reference, ReferenceParam, "file_id");
            return true;
        }

        if (_form is null)
        {
            return false;
        }

        if (_form.ContainsKey(ReferenceParam))
        {
            throw OpenAIRequestException.InvalidType(ReferenceParam, "a file or an object", "a string");
        }

        imageUrl = GetString(ReferenceParam + "[image_url]");
        fileId = GetString(ReferenceParam + "[file_id]");
        return imageUrl is not null || fileId is not null;
    }

    public void Dispose() => _json?.Dispose();

    private static string? GetNestedString(JsonElement parent, string parentParam, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw OpenAIRequestException.InvalidType($"{parentParam}.{name}", "a string", Describe(value));
    }

    /// <summary>A base64 data URL is decoded; an http(s) URL is accepted without fetching it.</summary>
    private static byte[]? DecodeImageUrl(string imageUrl)
    {
        const string Param = "input_reference.image_url";
        if (imageUrl.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = imageUrl.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && imageUrl.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return Convert.FromBase64String(imageUrl[(comma + 1)..]);
                }
                catch (FormatException)
                {
                    // reported below
                }
            }

            throw OpenAIRequestException.InvalidRequest(
                $"Invalid '{Param}': expected a base64-encoded data URL such as 'data:image/png;base64,...'.", Param, "invalid_value");
        }

        return Uri.TryCreate(imageUrl, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal))
            ? null
            : throw OpenAIRequestException.InvalidRequest(
                $"Invalid '{Param}': expected a fully qualified URL or a base64-encoded data URL.", Param, "invalid_value");
    }

    /// <summary>"an integer", "a boolean"... as OpenAI words type errors.</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out _) ? "an integer" : "a decimal",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        _ => "null",
    };
}
