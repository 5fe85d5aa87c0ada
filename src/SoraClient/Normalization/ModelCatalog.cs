namespace SoraClient.Normalization;

/// <summary>
/// An adapter's default models overlaid with the ones from its options: a name in the options replaces every default
/// entry of that name (all its variants), a new name adds; several option entries may share a name (its variants).
/// </summary>
internal static class ModelCatalog
{
    public static IReadOnlyList<VideoModelCapabilities> Merge(IReadOnlyList<VideoModelCapabilities> defaults, IEnumerable<VideoModelCapabilities>? overrides)
    {
        var added = (overrides ?? []).ToList();
        var replaced = added.Select(m => m.Model).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. defaults.Where(m => !replaced.Contains(m.Model)), .. added];
    }

    /// <summary>Problems of a whole catalogue: two entries of one model that are the same variant.</summary>
    public static IEnumerable<string> CatalogProblems(IReadOnlyList<VideoModelCapabilities> models) =>
        models
            .GroupBy(m => (m.Model.ToUpperInvariant(), Settings: m.DescribeVariant().ToUpperInvariant()))
            .Where(g => g.Count() > 1)
            .Select(g => string.IsNullOrEmpty(g.First().DescribeVariant())
                ? $"model '{g.First().Model}' appears {g.Count()} times; give each entry distinct ProviderSettings (one per variant) or remove the duplicates"
                : $"model '{g.First().Model}' has {g.Count()} entries for {g.First().DescribeVariant()}; remove the duplicates");

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
