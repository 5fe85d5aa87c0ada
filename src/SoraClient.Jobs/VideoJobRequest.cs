namespace SoraClient.Jobs;

/// <summary>
/// A request as the ledger keeps it: the neutral settings a caller asked for, the values they normalise to on the
/// provider (model, duration, size), and references to inputs (a file path or URL, never the bytes). No API key.
/// </summary>
public sealed record VideoJobRequest
{
    /// <summary>Gets the prompt.</summary>
    public required string Prompt { get; init; }

    /// <summary>Gets the model asked for, or <see langword="null"/> for the provider's default.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the duration asked for, in seconds.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>Gets the aspect ratio asked for.</summary>
    public VideoAspectRatio? AspectRatio { get; init; }

    /// <summary>Gets the resolution asked for.</summary>
    public VideoResolution? Resolution { get; init; }

    /// <summary>Gets the explicit provider size asked for.</summary>
    public string? Size { get; init; }

    /// <summary>Gets the reference image: a file path or an absolute URL.</summary>
    public string? ReferenceImage { get; init; }

    /// <summary>Gets the character ids.</summary>
    public IReadOnlyList<string> Characters { get; init; } = [];

    /// <summary>Gets the provider video this one remixes.</summary>
    public string? RemixOf { get; init; }

    /// <summary>Gets the callback URL.</summary>
    public Uri? CallbackUri { get; init; }

    /// <summary>Gets the normalisation mode, or <see langword="null"/> for the provider's default.</summary>
    public VideoNormalization? Normalization { get; init; }

    /// <summary>Gets the model the request normalises to on the provider, when known.</summary>
    public string? EffectiveModel { get; init; }

    /// <summary>Gets the duration the request normalises to, when known.</summary>
    public int? EffectiveDurationSeconds { get; init; }

    /// <summary>Gets the provider size the request normalises to, when known.</summary>
    public string? EffectiveSize { get; init; }

    /// <summary>Captures a request (without its effective values; see <see cref="WithEffective"/>).</summary>
    /// <param name="request">The request.</param>
    /// <param name="normalization">The normalisation mode, or <see langword="null"/> for the provider's default.</param>
    /// <returns>The captured request.</returns>
    /// <exception cref="ArgumentException">The request has no prompt, holds raw properties, or a reference image given as bytes (the ledger keeps a path or URL, not the bytes).</exception>
    public static VideoJobRequest From(VideoGenerationRequest request, VideoNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ArgumentException("The request needs a prompt.", nameof(request));
        }

        if (request.AdditionalProperties is { Count: > 0 })
        {
            throw new ArgumentException("The job ledger does not keep AdditionalProperties; use the neutral settings.", nameof(request));
        }

        var image = request.ReferenceImage switch
        {
            null => null,
            { IsUri: true } input => input.Uri!.AbsoluteUri,
            { FilePath: { } path } => Path.GetFullPath(path),
            _ => throw new ArgumentException("The job ledger keeps a reference image as a file path or URL, not as bytes.", nameof(request)),
        };

        return new VideoJobRequest
        {
            Prompt = request.Prompt,
            Model = request.Model,
            DurationSeconds = request.DurationSeconds,
            AspectRatio = request.AspectRatio,
            Resolution = request.Resolution,
            Size = request.Size,
            ReferenceImage = image,
            Characters = request.Characters is { Count: > 0 } characters ? [.. characters] : [],
            RemixOf = request.RemixOf,
            CallbackUri = request.CallbackUri,
            Normalization = normalization,
        };
    }

    /// <summary>Returns a copy with the values the request normalises to.</summary>
    /// <param name="settings">The normalised settings (from <see cref="VideoGeneratorExtensions.EstimateCost"/>).</param>
    /// <returns>The copy.</returns>
    public VideoJobRequest WithEffective(VideoGenerationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return this with { EffectiveModel = settings.Model, EffectiveDurationSeconds = settings.DurationSeconds, EffectiveSize = settings.Size };
    }

    /// <summary>Builds the request to send.</summary>
    /// <returns>A new <see cref="VideoGenerationRequest"/>.</returns>
    public VideoGenerationRequest ToGenerationRequest() => new(Prompt)
    {
        Model = Model,
        DurationSeconds = DurationSeconds,
        AspectRatio = AspectRatio,
        Resolution = Resolution,
        Size = Size,
        ReferenceImage = ReferenceImage switch
        {
            null => null,
            _ when Uri.TryCreate(ReferenceImage, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal)) => VideoInput.FromUri(uri),
            _ => VideoInput.FromFile(ReferenceImage),
        },
        Characters = [.. Characters],
        RemixOf = RemixOf,
        CallbackUri = CallbackUri,
    };

    /// <summary>Builds the per-call options to send with.</summary>
    /// <returns>The options, or <see langword="null"/> when the provider's defaults apply.</returns>
    public VideoGenerationOptions? ToGenerationOptions() => Normalization is { } mode ? new VideoGenerationOptions { Normalization = mode } : null;
}
