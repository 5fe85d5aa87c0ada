using System.Globalization;
using System.Text.Json.Nodes;
using SoraClient.Normalization;
using SoraClient.Providers.GrsAI.Internal;

namespace SoraClient.Providers.GrsAI;

/// <summary>Checking a neutral request and turning it into GrsAI's fields.</summary>
public sealed partial class GrsAIVideoGenerator
{
    /// <summary>GrsAI's longest character window (<c>timestamps</c>).</summary>
    private static readonly TimeSpan s_maxCharacterWindow = TimeSpan.FromSeconds(3);

    /// <summary>Validates and normalises a request and builds its <c>sora-video</c> body; nothing is sent.</summary>
    private async Task<(JsonObject Body, VideoGenerationSettings Settings)> PrepareAsync(VideoGenerationRequest request, VideoGenerationOptions? options,
        bool streaming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        VideoRequestNormalizer.ValidatePrompt(_runtime.Provider, request);
        var model = VideoRequestNormalizer.ResolveModel(_runtime.Provider, request.Model, _runtime.DefaultModel, _runtime.Models);
        var settings = VideoRequestNormalizer.Normalize(_runtime.Provider, request, model, options?.Normalization ?? _runtime.Normalization);
        var webHook = WebHookOf(request, options, streaming);
        CheckRemixTarget(request.RemixOf);
        var image = request.ReferenceImage is { } input ? await ImageValueAsync(input, cancellationToken).ConfigureAwait(false) : null;
        var size = model.FindSize(settings.Size)!; // Normalize returns one of the model's sizes
        return (GrsAIRequestBody.ForVideo(request, settings, size, image, webHook), settings);
    }

    /// <summary><c>webHook</c>: absent to stream, the caller's URL for callbacks, <c>-1</c> to poll.</summary>
    private string? WebHookOf(VideoGenerationRequest request, VideoGenerationOptions? options, bool streaming)
    {
        if (request.CallbackUri is { } callback)
        {
            if (!callback.IsAbsoluteUri || callback.Scheme is not ("http" or "https"))
            {
                throw new VideoRequestValidationException(_runtime.Provider, nameof(VideoGenerationRequest.CallbackUri),
                    $"{_runtime.Provider}: the callback URL must be an absolute http or https URL that GrsAI can reach.");
            }

            if (streaming)
            {
                throw new VideoRequestValidationException(_runtime.Provider, nameof(VideoGenerationRequest.CallbackUri),
                    $"{_runtime.Provider}: GrsAI streams progress only when no callback URL is sent; remove CallbackUri or choose DeliveryMode Polling.");
            }

            return callback.AbsoluteUri;
        }

        if (options?.DeliveryMode == VideoDeliveryMode.Webhook)
        {
            throw new VideoRequestValidationException(_runtime.Provider, nameof(VideoGenerationRequest.CallbackUri),
                $"{_runtime.Provider}: DeliveryMode Webhook needs the request's CallbackUri (the URL GrsAI posts progress to).");
        }

        return streaming ? null : GrsAIRequestBody.PollingWebHook;
    }

    /// <summary>A remix names a result's <c>pid</c> (<c>s_…</c>); a task id (a UUID) there is a common mix-up GrsAI would only bill and fail.</summary>
    private void CheckRemixTarget(string? remixOf)
    {
        if (remixOf is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(remixOf) || Guid.TryParse(remixOf, out _))
        {
            throw new VideoRequestValidationException(_runtime.Provider, nameof(VideoGenerationRequest.RemixOf),
                $"{_runtime.Provider}: RemixOf takes the pid of an earlier result (VideoAsset.ProviderReference, like 's_...'), not a task id.");
        }
    }

    /// <summary>A reference image as GrsAI's <c>url</c> takes it: the URL itself, or the image's base64 (from bytes, a file or a <c>data:</c> URI).</summary>
    private async Task<string> ImageValueAsync(VideoInput input, CancellationToken cancellationToken)
    {
        if (input.Uri is { } uri)
        {
            return UriValue(uri, nameof(VideoGenerationRequest.ReferenceImage));
        }

        var bytes = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!ImageDimensions.TryRead(bytes.Span, out _, out _))
        {
            throw new VideoRequestValidationException(_runtime.Provider, nameof(VideoGenerationRequest.ReferenceImage),
                $"{_runtime.Provider}: the reference image ({input}) is not a PNG, JPEG or WebP image.");
        }

        return Convert.ToBase64String(bytes.Span);
    }

    /// <summary>A character clip as GrsAI's <c>url</c> takes it: the URL itself, or the video's base64.</summary>
    private async Task<string> ClipValueAsync(VideoInput clip, CancellationToken cancellationToken)
    {
        if (clip.Uri is { } uri)
        {
            return UriValue(uri, nameof(clip));
        }

        if (clip.MediaType is { } type && !type.StartsWith("video/", StringComparison.OrdinalIgnoreCase))
        {
            throw new VideoRequestValidationException(_runtime.Provider, nameof(clip),
                $"{_runtime.Provider}: a character is made from a video clip (for example video/mp4), not {type}.");
        }

        var bytes = await clip.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToBase64String(bytes.Span);
    }

    private string UriValue(Uri uri, string property)
    {
        if (uri.Scheme is "http" or "https")
        {
            return uri.OriginalString;
        }

        const string Marker = ";base64,";
        var text = uri.OriginalString;
        var start = text.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        if (string.Equals(uri.Scheme, "data", StringComparison.OrdinalIgnoreCase) && start > 0)
        {
            return text[(start + Marker.Length)..]; // GrsAI takes plain base64, as its own client sends it
        }

        throw new VideoRequestValidationException(_runtime.Provider, property,
            $"{_runtime.Provider}: '{uri.Scheme}:' inputs are not supported; pass an http(s) URL GrsAI can fetch, a base64 data: URI, bytes or a file.");
    }

    /// <summary>GrsAI's <c>timestamps</c>, <c>"start,end"</c> in seconds, for a window of at most 3 seconds.</summary>
    private string Timestamps(TimeSpan start, TimeSpan end)
    {
        var problem = start < TimeSpan.Zero ? "the start must not be negative"
            : end <= start ? "the end must come after the start"
            : end - start > s_maxCharacterWindow ? string.Create(CultureInfo.InvariantCulture, $"the window is {(end - start).TotalSeconds:0.###} s; GrsAI takes at most {s_maxCharacterWindow.TotalSeconds} s")
            : null;
        if (problem is not null)
        {
            throw new VideoRequestValidationException(_runtime.Provider, "endTime", $"{_runtime.Provider}: invalid character window ({problem}).");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{start.TotalSeconds:0.###},{end.TotalSeconds:0.###}");
    }
}
