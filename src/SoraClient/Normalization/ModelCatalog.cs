namespace SoraClient.Normalization;

/// <summary>An adapter's default models overlaid with the ones from its options (same name replaces, new name adds).</summary>
internal static class ModelCatalog
{
    public static IReadOnlyList<VideoModelCapabilities> Merge(IReadOnlyList<VideoModelCapabilities> defaults, IEnumerable<VideoModelCapabilities>? overrides)
    {
        var merged = defaults.ToList();
        foreach (var model in overrides ?? [])
        {
            merged.RemoveAll(m => string.Equals(m.Model, model.Model, StringComparison.OrdinalIgnoreCase));
            merged.Add(model);
        }

        return merged;
    }

    /// <summary>Problems with one model's data, each naming the model and the setting.</summary>
    public static IEnumerable<string> Problems(VideoModelCapabilities model)
    {
        if (string.IsNullOrWhiteSpace(model.Model))
        {
            yield return "a model in Models has no Model name";
            yield break;
        }

        if (model.Durations is not { Count: > 0 })
        {
            yield return $"model '{model.Model}' has no Durations";
        }
        else if (!model.Durations.Contains(model.DefaultDuration))
        {
            yield return $"model '{model.Model}': DefaultDuration {model.DefaultDuration} is not one of its Durations";
        }

        if (model.Sizes is not { Count: > 0 })
        {
            yield return $"model '{model.Model}' has no Sizes";
        }
        else if (model.Sizes.Any(s => string.IsNullOrWhiteSpace(s.Name)))
        {
            yield return $"model '{model.Model}' has a size without a Name";
        }
        else if (model.FindSize(model.DefaultSize) is null)
        {
            yield return $"model '{model.Model}': DefaultSize '{model.DefaultSize}' is not one of its Sizes";
        }
    }
}
