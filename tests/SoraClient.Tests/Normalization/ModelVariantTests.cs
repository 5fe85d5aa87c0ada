using System.Text.Json.Nodes;
using SoraClient.Normalization;

namespace SoraClient.Tests.Normalization;

/// <summary>A model offered in several variants (<see cref="VideoModelCapabilities.ProviderSettings"/>), such as AceData's API versions.</summary>
public sealed class ModelVariantTests
{
    private const string Provider = "gw";

    private static readonly VideoModelCapabilities s_classic = new(
        "m", [10, 15], 10,
        [new VideoSizeOption("small-portrait", VideoAspectRatio.Portrait, VideoResolution.Standard), new VideoSizeOption("small-landscape", VideoAspectRatio.Landscape, VideoResolution.Standard)],
        "small-portrait")
    {
        SupportsImageInput = true,
        PricePerClip = 1m,
        ProviderSettings = new Dictionary<string, string> { ["version"] = "1.0" },
    };

    private static readonly VideoModelCapabilities s_modern = new(
        "m", [4, 8, 12], 4,
        [VideoSizeOption.Pixels(720, 1280, VideoResolution.Standard), VideoSizeOption.Pixels(1280, 720, VideoResolution.Standard)],
        "720x1280")
    {
        PricePerSecond = 0.5m,
        ProviderSettings = new Dictionary<string, string> { ["version"] = "2.0" },
    };

    private static readonly IReadOnlyList<VideoModelCapabilities> s_variants = [s_classic, s_modern];

    [Theory]
    [InlineData(null, null, "1.0", 10, "small-portrait")]
    [InlineData(15, null, "1.0", 15, "small-portrait")]
    [InlineData(8, null, "2.0", 8, "720x1280")]
    [InlineData(4, null, "2.0", 4, "720x1280")]
    [InlineData(null, "1280x720", "2.0", 4, "1280x720")]
    [InlineData(null, "small-landscape", "1.0", 10, "small-landscape")]
    public void Normalize_NoPin_UsesTheFirstVariantThatAcceptsTheRequestAsItIs(int? seconds, string? size, string version, int duration, string sentSize)
    {
        var (model, settings) = VideoRequestNormalizer.Normalize(Provider, new VideoGenerationRequest("x") { DurationSeconds = seconds, Size = size }, s_variants, VideoNormalization.Strict);

        Assert.Equal(version, model.ProviderSettings!["version"]);
        Assert.Equal(duration, settings.DurationSeconds);
        Assert.Equal(sentSize, settings.Size);
        Assert.Equal(version, settings.ProviderSettings["version"]);
        Assert.Empty(settings.Adjustments);
    }

    [Fact]
    public void Normalize_ShapeOnly_StaysOnThePreferredVariant()
    {
        var (model, settings) = VideoRequestNormalizer.Normalize(Provider, new VideoGenerationRequest("x") { AspectRatio = VideoAspectRatio.Landscape }, s_variants, VideoNormalization.Strict);

        Assert.Same(s_classic, model);
        Assert.Equal("small-landscape", settings.Size);
    }

    [Fact]
    public void Normalize_NoVariantAcceptsStrict_NamesEachVariantsAllowedValues()
    {
        var error = Assert.Throws<VideoRequestValidationException>(() =>
            VideoRequestNormalizer.Normalize(Provider, new VideoGenerationRequest("x") { DurationSeconds = 7 }, s_variants, VideoNormalization.Strict));

        Assert.Equal("DurationSeconds", error.ParamName);
        Assert.Equal(
            "gw: no variant of model 'm' accepts the request. With version 1.0 it does not support a duration of 7 s. Allowed: 10, 15 s. " +
            "With version 2.0 it does not support a duration of 7 s. Allowed: 4, 8, 12 s. (Parameter 'DurationSeconds')",
            error.Message);
        Assert.Equal(["4", "8", "10", "12", "15"], error.AllowedValues);
    }

    [Fact]
    public void Normalize_EveryVariantRefusesForTheSameReason_SaysItOnce()
    {
        var error = Assert.Throws<VideoRequestValidationException>(() =>
            VideoRequestNormalizer.Normalize(Provider, new VideoGenerationRequest("x") { CallbackUri = new Uri("https://example.test/hook") }, s_variants, VideoNormalization.Strict));

        Assert.StartsWith("gw: model 'm' does not support per-request callbacks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_DifferentReasons_ReportsTheFirstVariantsParameter()
    {
        // 8 s only in version 2.0, small-portrait only in version 1.0
        var error = Assert.Throws<VideoRequestValidationException>(() =>
            VideoRequestNormalizer.Normalize(Provider, new VideoGenerationRequest("x") { DurationSeconds = 8, Size = "small-portrait" }, s_variants, VideoNormalization.Strict));

        Assert.Equal("DurationSeconds", error.ParamName);
        Assert.Contains("With version 1.0 it does not support a duration of 8 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("With version 2.0 it does not support size 'small-portrait'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9, "1.0", 10)]   // 10 and 8 are as near: the preferred variant wins the tie
    [InlineData(5, "2.0", 4)]
    [InlineData(20, "1.0", 15)]
    public void Normalize_Nearest_ChoosesTheVariantNeedingFewestChanges(int seconds, string version, int duration)
    {
        var (model, settings) = VideoRequestNormalizer.Normalize(Provider, new VideoGenerationRequest("x") { DurationSeconds = seconds }, s_variants, VideoNormalization.Nearest);

        Assert.Equal(version, model.ProviderSettings!["version"]);
        Assert.Equal(duration, settings.DurationSeconds);
        Assert.Single(settings.Adjustments);
    }

    [Fact]
    public void Normalize_PinnedByAdditionalProperties_OnlyThatVariantIsConsidered()
    {
        var request = new VideoGenerationRequest("x") { AdditionalProperties = { ["version"] = "2.0" } };

        var (model, _) = VideoRequestNormalizer.Normalize(Provider, request, s_variants, VideoNormalization.Strict);
        request.DurationSeconds = 10;
        var error = Assert.Throws<VideoRequestValidationException>(() => VideoRequestNormalizer.Normalize(Provider, request, s_variants, VideoNormalization.Strict));

        Assert.Same(s_modern, model);
        Assert.Equal("gw: model 'm' does not support a duration of 10 s. Allowed: 4, 8, 12 s. (Parameter 'DurationSeconds')", error.Message);
    }

    [Fact]
    public void Normalize_PinnedToAnUnknownVariant_NamesTheKnownOnes()
    {
        var request = new VideoGenerationRequest("x") { AdditionalProperties = { ["version"] = JsonValue.Create("3.0") } };

        var error = Assert.Throws<VideoRequestValidationException>(() => VideoRequestNormalizer.Normalize(Provider, request, s_variants, VideoNormalization.Strict));

        Assert.Equal("AdditionalProperties", error.ParamName);
        Assert.StartsWith("gw: model 'm' has no variant with version 3.0. Known: version 1.0; version 2.0.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_ModelWithoutVariants_RecordsNoProviderSettings()
    {
        var plain = s_modern with { ProviderSettings = null };

        var (_, settings) = VideoRequestNormalizer.Normalize(Provider, new VideoGenerationRequest("x"), [plain], VideoNormalization.Strict);

        Assert.Empty(settings.ProviderSettings);
    }

    [Fact]
    public void ResolveVariants_ReturnsEveryEntryOfTheModelInOrder()
    {
        IReadOnlyList<VideoModelCapabilities> catalogue = [s_classic, s_modern.WithModel("other"), s_modern];

        Assert.Equal([s_classic, s_modern], VideoRequestNormalizer.ResolveVariants(Provider, "M", "m", catalogue));
        Assert.Equal([s_classic, s_modern], VideoRequestNormalizer.ResolveVariants(Provider, null, "m", catalogue));
    }

    [Fact]
    public void Merge_AnOverrideReplacesEveryVariantOfItsModel()
    {
        var replacement = s_modern with { Durations = [4], DefaultDuration = 4, ProviderSettings = null };

        var merged = ModelCatalog.Merge([s_classic, s_modern, s_modern.WithModel("other")], [replacement, replacement.WithModel("new")]);

        Assert.Equal(["other", "m", "new"], merged.Select(m => m.Model));
        Assert.Same(replacement, merged[1]);
    }

    [Fact]
    public void Merge_SeveralOverridesOfOneName_AreItsVariants()
    {
        var merged = ModelCatalog.Merge([s_classic], [s_modern, s_classic with { Durations = [10], DefaultDuration = 10 }]);

        Assert.Equal(2, merged.Count(m => m.Model == "m"));
        Assert.Empty(ModelCatalog.CatalogProblems(merged));
    }

    [Fact]
    public void CatalogProblems_TheSameVariantTwice_IsReported()
    {
        Assert.Equal(["model 'm' has 2 entries for version 2.0; remove the duplicates"], ModelCatalog.CatalogProblems([s_classic, s_modern, s_modern]));
        Assert.Equal(
            ["model 'x' appears 2 times; give each entry distinct ProviderSettings (one per variant) or remove the duplicates"],
            ModelCatalog.CatalogProblems([s_modern with { Model = "x", ProviderSettings = null }, s_modern with { Model = "x", ProviderSettings = null }]));
    }

    [Fact]
    public void EstimateCost_PricesTheChosenVariant()
    {
        var metadata = new VideoGeneratorMetadata(Provider, null, "m", s_variants, [VideoDeliveryMode.Polling]);
        using var generator = new MetadataOnly(metadata);

        Assert.Equal(1m, generator.EstimateCost(new VideoGenerationRequest("x") { DurationSeconds = 15 })!.Amount);  // per clip
        Assert.Equal(4m, generator.EstimateCost(new VideoGenerationRequest("x") { DurationSeconds = 8 })!.Amount);   // 8 s at 0.5
        Assert.Equal("2.0", generator.EstimateCost(new VideoGenerationRequest("x") { DurationSeconds = 8 })!.Settings.ProviderSettings["version"]);
    }

    private sealed class MetadataOnly(VideoGeneratorMetadata metadata) : IVideoGenerator
    {
        public Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType == typeof(VideoGeneratorMetadata) ? metadata : null;

        public void Dispose()
        {
        }
    }
}
