using Microsoft.Extensions.Options;
using SoraClient.Normalization;

namespace SoraClient;

/// <summary>
/// Checks provider options when the host starts (and when an adapter is built by hand), with messages that
/// name the missing or invalid setting.
/// </summary>
/// <typeparam name="TOptions">The adapter's options type.</typeparam>
internal sealed class VideoProviderOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : VideoProviderOptions
{
    private readonly IReadOnlyList<VideoModelCapabilities> _defaultModels;
    private readonly string _defaultModel;
    private readonly Func<TOptions, IReadOnlyList<VideoModelCapabilities>, IEnumerable<string>>? _adapterProblems;

    /// <param name="defaultModels">The adapter's default catalogue.</param>
    /// <param name="defaultModel">The adapter's default model.</param>
    /// <param name="adapterProblems">Checks of the adapter's own settings, given the options and the merged catalogue (each problem without the "{Options} 'name': " prefix).</param>
    public VideoProviderOptionsValidator(IReadOnlyList<VideoModelCapabilities> defaultModels, string defaultModel,
        Func<TOptions, IReadOnlyList<VideoModelCapabilities>, IEnumerable<string>>? adapterProblems = null)
    {
        _defaultModels = defaultModels;
        _defaultModel = defaultModel;
        _adapterProblems = adapterProblems;
    }

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = Problems(options, name).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem; used by the adapters' constructors.</summary>
    public void ThrowIfInvalid(TOptions options)
    {
        var problems = Problems(options, options.ProviderName).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
    }

    private IEnumerable<string> Problems(TOptions options, string? name)
    {
        var type = typeof(TOptions).Name;
        var who = string.IsNullOrEmpty(name) ? type : $"{type} '{name}'";
        if (options.ApiKeyProvider is null && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            yield return $"{who}: the API key is missing. Set {type}.ApiKey (configuration key 'ApiKey' of the provider's section), or {type}.ApiKeyProvider for a token that refreshes.";
        }
        else if (options.ApiKeyProvider is not null && !string.IsNullOrWhiteSpace(options.ApiKey))
        {
            yield return $"{who}: both ApiKey and ApiKeyProvider are set; set one of them (ApiKeyProvider for a token that refreshes).";
        }

        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            yield return $"{who}: Endpoint '{endpoint}' must be an absolute http or https URL.";
        }

        foreach (var problem in LimitProblems(options))
        {
            yield return $"{who}: {problem}.";
        }

        foreach (var problem in (options.Models ?? []).SelectMany(ModelCatalog.Problems))
        {
            yield return $"{who}: {problem}.";
        }

        var models = ModelCatalog.Merge(_defaultModels, options.Models);
        foreach (var problem in ModelCatalog.CatalogProblems(models))
        {
            yield return $"{who}: {problem}.";
        }

        var defaultModel = options.DefaultModel ?? _defaultModel;
        if (!models.Any(m => string.Equals(m.Model, defaultModel, StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"{who}: DefaultModel '{defaultModel}' is not a known model ({string.Join(", ", models.Select(m => m.Model).Distinct(StringComparer.OrdinalIgnoreCase))}); add it to Models.";
        }

        foreach (var problem in _adapterProblems?.Invoke(options, models) ?? [])
        {
            yield return $"{who}: {problem.TrimEnd('.')}.";
        }
    }

    /// <summary>The time and size limits, each of which must be in range.</summary>
    private static IEnumerable<string> LimitProblems(TOptions options)
    {
        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            yield return "RequestTimeout must be positive";
        }

        if (options.DownloadIdleTimeout <= TimeSpan.Zero)
        {
            yield return "DownloadIdleTimeout must be positive";
        }

        if (options.DownloadTimeout <= TimeSpan.Zero)
        {
            yield return "DownloadTimeout must be positive";
        }

        if (options.MaxDownloadBytes <= 0)
        {
            yield return "MaxDownloadBytes must be positive";
        }

        if (options.MaxRetries < 0)
        {
            yield return "MaxRetries must not be negative";
        }

        if (options.MaxRequestsPerSecond is { } rate && !(rate is > 0 and <= 100_000))
        {
            yield return "MaxRequestsPerSecond must be above 0 and at most 100000, or unset for no limit";
        }

        if (options.MaxConcurrentRequests is <= 0)
        {
            yield return "MaxConcurrentRequests must be positive, or unset for no limit";
        }

        if (options.MaxResponseBytes is <= 0 or > VideoProviderOptions.MaxMaxResponseBytes)
        {
            yield return $"MaxResponseBytes must be between 1 and {VideoProviderOptions.MaxMaxResponseBytes} bytes (the default is {VideoProviderOptions.DefaultMaxResponseBytes})";
        }
    }
}
