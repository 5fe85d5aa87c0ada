using System.Globalization;
using System.Text.Json.Nodes;

namespace SoraClient.Normalization;

/// <summary>
/// Turns a neutral request into the settings to send, checked against a model's capabilities:
/// strict mode rejects unsupported values (naming the allowed ones), nearest mode snaps them and records the change.
/// </summary>
internal static class VideoRequestNormalizer
{
    /// <summary>Checks what every gateway needs, whatever the model: a prompt, no longer than <paramref name="maxLength"/> when the gateway has a limit.</summary>
    public static void ValidatePrompt(string provider, VideoGenerationRequest request, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new VideoRequestValidationException(provider, nameof(VideoGenerationRequest.Prompt),
                $"{provider}: the prompt is empty; describe the video to generate.");
        }

        if (request.Prompt.Length > maxLength)
        {
            throw new VideoRequestValidationException(provider, nameof(VideoGenerationRequest.Prompt),
                $"{provider}: the prompt has {request.Prompt.Length} characters; the gateway accepts at most {maxLength}.");
        }
    }

    /// <summary>Finds the capabilities of the model the request asks for.</summary>
    public static VideoModelCapabilities ResolveModel(string provider, string? requestedModel, string defaultModel,
        IReadOnlyList<VideoModelCapabilities> models)
    {
        var model = string.IsNullOrWhiteSpace(requestedModel) ? defaultModel : requestedModel;
        return models.FirstOrDefault(m => string.Equals(m.Model, model, StringComparison.OrdinalIgnoreCase))
            ?? throw new VideoRequestValidationException(provider, nameof(VideoGenerationRequest.Model),
                $"{provider}: model '{model}' is not known. Known models: {string.Join(", ", KnownModels(models))}. " +
                "Add a model through the provider options' Models list (for example capabilities.WithModel(\"my-deployment\")).",
                [.. KnownModels(models)]);
    }

    // A model offered in several variants (AceData's API versions) is one model to the user: name it once.
    private static IEnumerable<string> KnownModels(IReadOnlyList<VideoModelCapabilities> models) =>
        models.Select(m => m.Model).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds every entry (variant) of the model the request asks for, in catalogue order: the preferred one first.</summary>
    public static IReadOnlyList<VideoModelCapabilities> ResolveVariants(string provider, string? requestedModel, string defaultModel,
        IReadOnlyList<VideoModelCapabilities> models)
    {
        var first = ResolveModel(provider, requestedModel, defaultModel, models);
        return [.. models.Where(m => string.Equals(m.Model, first.Model, StringComparison.OrdinalIgnoreCase))];
    }

    // Fewest changed values first, then the smallest change of length; on a tie the earlier (preferred) variant.
    private static (int Changes, int Seconds) Cost(VideoGenerationRequest request, VideoGenerationSettings settings) =>
        (settings.Adjustments.Count, request.DurationSeconds is { } wanted ? Math.Abs(wanted - settings.DurationSeconds) : 0);

    /// <summary>
    /// Normalises against a model offered in several variants (<see cref="VideoModelCapabilities.ProviderSettings"/>):
    /// the variants a setting in <see cref="VideoGenerationRequest.AdditionalProperties"/> pins, then the first of them
    /// that accepts the request as it is; in nearest mode, failing that, the one needing the fewest and smallest adjustments.
    /// With one variant this is <see cref="Normalize(string, VideoGenerationRequest, VideoModelCapabilities, VideoNormalization)"/>.
    /// </summary>
    /// <returns>The chosen variant and the settings to send.</returns>
    public static (VideoModelCapabilities Model, VideoGenerationSettings Settings) Normalize(string provider, VideoGenerationRequest request,
        IReadOnlyList<VideoModelCapabilities> variants, VideoNormalization mode)
    {
        ValidatePrompt(provider, request);
        var eligible = Pinned(provider, request, variants);
        if (eligible.Count == 1)
        {
            return (eligible[0], Normalize(provider, request, eligible[0], mode));
        }

        var rejections = new List<VideoRequestValidationException>();
        foreach (var variant in eligible)
        {
            try
            {
                return (variant, Normalize(provider, request, variant, VideoNormalization.Strict));
            }
            catch (VideoRequestValidationException ex)
            {
                rejections.Add(ex);
            }
        }

        if (mode == VideoNormalization.Nearest)
        {
            (VideoModelCapabilities Model, VideoGenerationSettings Settings)? best = null;
            foreach (var variant in eligible)
            {
                try
                {
                    var settings = Normalize(provider, request, variant, VideoNormalization.Nearest);
                    if (best is null || Cost(request, settings).CompareTo(Cost(request, best.Value.Settings)) < 0)
                    {
                        best = (variant, settings);
                    }
                }
                catch (VideoRequestValidationException)
                {
                    // this variant cannot take the request even with snapping; the strict reasons are reported below
                }
            }

            if (best is { } chosen)
            {
                return chosen;
            }
        }

        throw NoVariantAccepts(provider, eligible, rejections);
    }

    /// <summary>Normalises duration and size, and checks the features the request uses against the model.</summary>
    public static VideoGenerationSettings Normalize(string provider, VideoGenerationRequest request,
        VideoModelCapabilities model, VideoNormalization mode)
    {
        ValidatePrompt(provider, request);
        CheckFeatures(provider, request, model);

        var adjustments = new List<string>();
        var duration = NormalizeDuration(provider, request.DurationSeconds, model, mode, adjustments);
        var size = NormalizeSize(provider, request, model, mode, adjustments);
        return new VideoGenerationSettings
        {
            Model = model.Model,
            DurationSeconds = duration,
            Size = size.Name,
            AspectRatio = size.AspectRatio,
            Resolution = size.Resolution,
            Adjustments = adjustments,
            ProviderSettings = model.ProviderSettings is { Count: > 0 } settings
                ? new Dictionary<string, string>(settings, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    // A raw field named like a variant setting (AdditionalProperties["version"] = "2.0") keeps only the variants with that value.
    private static List<VideoModelCapabilities> Pinned(string provider, VideoGenerationRequest request, IReadOnlyList<VideoModelCapabilities> variants)
    {
        var keys = variants.SelectMany(v => v.ProviderSettings?.Keys ?? []).Distinct(StringComparer.Ordinal).ToList();
        var pins = keys
            .Where(key => request.AdditionalProperties.TryGetValue(key, out var value) && value is not null)
            .Select(key => (Key: key, Value: request.AdditionalProperties[key] is JsonValue v && v.TryGetValue<string>(out var text) ? text : request.AdditionalProperties[key]!.ToJsonString()))
            .ToList();
        var eligible = variants
            .Where(v => pins.All(pin => v.ProviderSettings is not { } settings || !settings.TryGetValue(pin.Key, out var value) || string.Equals(value, pin.Value, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (eligible.Count == 0)
        {
            var wanted = string.Join(", ", pins.Select(p => $"{p.Key} {p.Value}"));
            var known = variants.Select(v => v.DescribeVariant()).ToArray();
            throw new VideoRequestValidationException(provider, nameof(VideoGenerationRequest.AdditionalProperties),
                $"{provider}: model '{variants[0].Model}' has no variant with {wanted}. Known: {string.Join("; ", known)}.", known);
        }

        return eligible;
    }

    private static VideoRequestValidationException NoVariantAccepts(string provider, List<VideoModelCapabilities> variants,
        List<VideoRequestValidationException> rejections)
    {
        var reasons = variants.Zip(rejections, (variant, rejection) => (Variant: variant, Reason: ReasonOf(provider, variant, rejection))).ToList();
        if (reasons.Select(r => r.Reason).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            return rejections[0]; // every variant refuses for the same reason: say it once
        }

        var property = rejections[0].ParamName ?? string.Empty;
        var allowed = rejections.Where(r => string.Equals(r.ParamName, property, StringComparison.Ordinal)).SelectMany(r => r.AllowedValues).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (allowed.All(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            allowed = [.. allowed.OrderBy(a => int.Parse(a, CultureInfo.InvariantCulture))];
        }

        var detail = string.Join(" ", reasons.Select(r => $"With {r.Variant.DescribeVariant()} it {r.Reason}"));
        return new VideoRequestValidationException(provider, property,
            $"{provider}: no variant of model '{variants[0].Model}' accepts the request. {detail}", allowed);
    }

    // "AceData: model 'sora-2' does not support ..." -> "does not support ..."
    private static string ReasonOf(string provider, VideoModelCapabilities variant, VideoRequestValidationException rejection)
    {
        var message = rejection.Message;
        var suffix = $" (Parameter '{rejection.ParamName}')";
        if (message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        var prefix = $"{provider}: model '{variant.Model}' ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..]
            : message.StartsWith(provider + ": ", StringComparison.Ordinal) ? message[(provider.Length + 2)..]
            : message;
    }

    /// <summary>Computes the price of settings from the model's price data.</summary>
    public static decimal? PriceOf(VideoModelCapabilities model, VideoGenerationSettings settings)
    {
        if (model.PricePerClip is { } perClip)
        {
            return perClip;
        }

        var perSecond = model.FindSize(settings.Size)?.PricePerSecond ?? model.PricePerSecond;
        return perSecond * settings.DurationSeconds;
    }

    private static void CheckFeatures(string provider, VideoGenerationRequest request, VideoModelCapabilities model)
    {
        if (request.ReferenceImage is not null && !model.SupportsImageInput)
        {
            throw Unsupported(provider, model, nameof(VideoGenerationRequest.ReferenceImage), "a reference image");
        }

        if (request.RemixOf is not null && !model.SupportsRemix)
        {
            throw Unsupported(provider, model, nameof(VideoGenerationRequest.RemixOf), "remix");
        }

        if (request.CallbackUri is not null && !model.SupportsCallbacks)
        {
            throw Unsupported(provider, model, nameof(VideoGenerationRequest.CallbackUri), "per-request callbacks");
        }

        var characters = request.Characters?.Count ?? 0;
        if (characters > model.MaxCharacters)
        {
            throw model.MaxCharacters == 0
                ? Unsupported(provider, model, nameof(VideoGenerationRequest.Characters), "characters")
                : new VideoRequestValidationException(provider, nameof(VideoGenerationRequest.Characters),
                    $"{provider}: model '{model.Model}' accepts at most {model.MaxCharacters} characters per request; the request has {characters}.");
        }

        if (request.Characters?.Any(string.IsNullOrWhiteSpace) == true)
        {
            throw new VideoRequestValidationException(provider, nameof(VideoGenerationRequest.Characters),
                $"{provider}: a character id is empty.");
        }
    }

    private static VideoRequestValidationException Unsupported(string provider, VideoModelCapabilities model, string property, string feature) =>
        new(provider, property, $"{provider}: model '{model.Model}' does not support {feature}; remove {property} or choose another model or gateway.");

    private static int NormalizeDuration(string provider, int? requested, VideoModelCapabilities model, VideoNormalization mode, List<string> adjustments)
    {
        if (requested is not { } seconds)
        {
            return model.DefaultDuration;
        }

        if (model.Durations.Contains(seconds))
        {
            return seconds;
        }

        var allowed = model.Durations.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (mode == VideoNormalization.Strict || seconds <= 0)
        {
            throw new VideoRequestValidationException(provider, nameof(VideoGenerationRequest.DurationSeconds),
                $"{provider}: model '{model.Model}' does not support a duration of {seconds} s. Allowed: {string.Join(", ", allowed)} s.",
                allowed);
        }

        // Closest wins; on a tie the shorter one, because gateways bill by length.
        var nearest = model.Durations.OrderBy(d => Math.Abs(d - seconds)).ThenBy(d => d).First();
        adjustments.Add($"duration {seconds} s -> {nearest} s");
        return nearest;
    }

    private static VideoSizeOption NormalizeSize(string provider, VideoGenerationRequest request, VideoModelCapabilities model,
        VideoNormalization mode, List<string> adjustments)
    {
        if (!string.IsNullOrWhiteSpace(request.Size))
        {
            if (model.FindSize(request.Size) is { } exact)
            {
                return exact;
            }

            if (mode == VideoNormalization.Strict || !TryParsePixels(request.Size, out var width, out var height))
            {
                throw InvalidValue(provider, model, nameof(VideoGenerationRequest.Size), $"size '{request.Size}'", model.Sizes.Select(s => s.Name));
            }

            // An unknown pixel size still says which shape and tier the caller wants.
            var wanted = VideoSizeOption.Pixels(width, height, TierOf(width, height));
            var snapped = Choose(model, wanted.AspectRatio, wanted.Resolution);
            adjustments.Add($"size {request.Size} -> {snapped.Name}");
            return snapped;
        }

        return FromShapeAndTier(provider, model, request.AspectRatio, request.Resolution, mode, adjustments);
    }

    private static VideoSizeOption FromShapeAndTier(string provider, VideoModelCapabilities model, VideoAspectRatio? aspect,
        VideoResolution? resolution, VideoNormalization mode, List<string> adjustments)
    {
        var defaultSize = model.FindSize(model.DefaultSize) ?? model.Sizes[0];
        if (aspect is null && resolution is null)
        {
            return defaultSize;
        }

        var wantedAspect = aspect ?? defaultSize.AspectRatio;
        if (!model.Sizes.Any(s => s.AspectRatio == wantedAspect))
        {
            if (mode == VideoNormalization.Strict)
            {
                throw InvalidValue(provider, model, nameof(VideoGenerationRequest.AspectRatio), $"aspect ratio {wantedAspect}",
                    model.Sizes.Select(s => s.AspectRatio.ToString()).Distinct(StringComparer.Ordinal));
            }

            adjustments.Add($"aspect ratio {wantedAspect} -> {defaultSize.AspectRatio}");
            wantedAspect = defaultSize.AspectRatio;
        }

        var shaped = model.Sizes.Where(s => s.AspectRatio == wantedAspect).ToList();
        if (resolution is not { } wantedResolution)
        {
            return shaped.MinBy(s => s.Resolution)!;
        }

        if (shaped.FirstOrDefault(s => s.Resolution == wantedResolution) is { } match)
        {
            return match;
        }

        if (mode == VideoNormalization.Strict)
        {
            throw InvalidValue(provider, model, nameof(VideoGenerationRequest.Resolution), $"resolution {wantedResolution} for {wantedAspect}",
                shaped.Select(s => s.Resolution.ToString()).Distinct(StringComparer.Ordinal));
        }

        var nearest = Choose(model, wantedAspect, wantedResolution);
        adjustments.Add($"resolution {wantedResolution} -> {nearest.Resolution}");
        return nearest;
    }

    /// <summary>The resolution tier of a pixel size, by its shorter side.</summary>
    internal static VideoResolution TierOf(int width, int height) => Math.Min(width, height) switch
    {
        >= 1080 => VideoResolution.FullHd,
        > 720 => VideoResolution.High,
        _ => VideoResolution.Standard,
    };

    // The size of the wanted shape whose tier is closest (lower on a tie, as it is cheaper); any shape if none matches.
    private static VideoSizeOption Choose(VideoModelCapabilities model, VideoAspectRatio aspect, VideoResolution resolution)
    {
        var candidates = model.Sizes.Where(s => s.AspectRatio == aspect).ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. model.Sizes];
        }

        return candidates.OrderBy(s => Math.Abs((int)s.Resolution - (int)resolution)).ThenBy(s => s.Resolution).First();
    }

    private static VideoRequestValidationException InvalidValue(string provider, VideoModelCapabilities model, string property, string what, IEnumerable<string> allowed)
    {
        var values = allowed.ToArray();
        return new VideoRequestValidationException(provider, property,
            $"{provider}: model '{model.Model}' does not support {what}. Allowed: {string.Join(", ", values)}.", values);
    }

    internal static bool TryParsePixels(string size, out int width, out int height)
    {
        width = height = 0;
        var parts = size.Split('x', 'X', '*');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width > 0 && height > 0;
    }
}
