using SoraClient.Normalization;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Normalization;

public class VideoRequestNormalizerTests
{
    private const string Provider = "testgw";

    private static VideoGenerationSettings Normalize(VideoGenerationRequest request, VideoModelCapabilities? model = null, VideoNormalization mode = VideoNormalization.Strict) =>
        VideoRequestNormalizer.Normalize(Provider, request, model ?? TestModels.Pro, mode);

    private static VideoRequestValidationException Rejects(VideoGenerationRequest request, VideoModelCapabilities? model = null, VideoNormalization mode = VideoNormalization.Strict) =>
        Assert.Throws<VideoRequestValidationException>(() => Normalize(request, model, mode));

    // ---- defaults ----

    [Fact]
    public void Normalize_NothingRequested_UsesModelDefaults()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat"));

        Assert.Equal("pro", settings.Model);
        Assert.Equal(4, settings.DurationSeconds);
        Assert.Equal("720x1280", settings.Size);
        Assert.Equal(VideoAspectRatio.Portrait, settings.AspectRatio);
        Assert.Equal(VideoResolution.Standard, settings.Resolution);
        Assert.Empty(settings.Adjustments);
    }

    [Fact]
    public void Normalize_AspectRatioOnly_UsesLowestTierOfThatShape()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { AspectRatio = VideoAspectRatio.Landscape });

        Assert.Equal("1280x720", settings.Size);
        Assert.Equal(VideoResolution.Standard, settings.Resolution);
    }

    [Fact]
    public void Normalize_ResolutionOnly_UsesDefaultShape()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { Resolution = VideoResolution.High });

        Assert.Equal("1024x1792", settings.Size);
        Assert.Equal(VideoAspectRatio.Portrait, settings.AspectRatio);
    }

    [Fact]
    public void Normalize_ShapeAndTier_PicksMatchingSize()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { AspectRatio = VideoAspectRatio.Landscape, Resolution = VideoResolution.FullHd });

        Assert.Equal("1920x1080", settings.Size);
        Assert.Empty(settings.Adjustments);
    }

    [Fact]
    public void Normalize_ExplicitSize_OverridesShapeAndTier()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat")
        {
            Size = "1792x1024",
            AspectRatio = VideoAspectRatio.Portrait,
            Resolution = VideoResolution.Standard,
        });

        Assert.Equal("1792x1024", settings.Size);
        Assert.Equal(VideoAspectRatio.Landscape, settings.AspectRatio);
        Assert.Equal(VideoResolution.High, settings.Resolution);
    }

    [Fact]
    public void Normalize_SizeInOtherCase_MatchesAndReturnsCanonicalName()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { Size = "1280X720" });

        Assert.Equal("1280x720", settings.Size);
        Assert.Empty(settings.Adjustments);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    public void Normalize_AllowedDuration_KeptInBothModes(int seconds)
    {
        Assert.Equal(seconds, Normalize(new VideoGenerationRequest("a cat") { DurationSeconds = seconds }).DurationSeconds);
        var nearest = Normalize(new VideoGenerationRequest("a cat") { DurationSeconds = seconds }, mode: VideoNormalization.Nearest);
        Assert.Equal(seconds, nearest.DurationSeconds);
        Assert.Empty(nearest.Adjustments);
    }

    // ---- strict mode ----

    [Fact]
    public void Normalize_StrictUnsupportedDuration_ThrowsListingAllowedDurations()
    {
        var ex = Rejects(new VideoGenerationRequest("a cat") { DurationSeconds = 5 });

        Assert.Equal(nameof(VideoGenerationRequest.DurationSeconds), ex.ParamName);
        Assert.Equal(Provider, ex.Provider);
        Assert.Contains("5 s", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Allowed: 4, 8, 12 s", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["4", "8", "12"], ex.AllowedValues);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Fact]
    public void Normalize_StrictUnknownSize_ThrowsListingAllowedSizes()
    {
        var ex = Rejects(new VideoGenerationRequest("a cat") { Size = "640x480" });

        Assert.Equal(nameof(VideoGenerationRequest.Size), ex.ParamName);
        Assert.Contains("'640x480'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Allowed: 720x1280, 1280x720, 1024x1792, 1792x1024, 1080x1920, 1920x1080.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(6, ex.AllowedValues.Count);
    }

    [Fact]
    public void Normalize_StrictUnsupportedAspectRatio_ThrowsListingAllowedShapes()
    {
        var ex = Rejects(new VideoGenerationRequest("a cat") { AspectRatio = VideoAspectRatio.Square });

        Assert.Equal(nameof(VideoGenerationRequest.AspectRatio), ex.ParamName);
        Assert.Contains("aspect ratio Square", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Allowed: Portrait, Landscape.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["Portrait", "Landscape"], ex.AllowedValues);
    }

    [Fact]
    public void Normalize_StrictUnsupportedResolution_ThrowsListingTiersOfThatShape()
    {
        var ex = Rejects(new VideoGenerationRequest("a cat") { AspectRatio = VideoAspectRatio.Landscape, Resolution = VideoResolution.High }, TestModels.Gapped);

        Assert.Equal(nameof(VideoGenerationRequest.Resolution), ex.ParamName);
        Assert.Contains("resolution High for Landscape", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Allowed: Standard, FullHd.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveModel_UnknownModel_ThrowsListingKnownModels()
    {
        var ex = Assert.Throws<VideoRequestValidationException>(() => VideoRequestNormalizer.ResolveModel(Provider, "sora-9", "pro", TestModels.All));

        Assert.Equal(nameof(VideoGenerationRequest.Model), ex.ParamName);
        Assert.Contains("'sora-9'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Known models: pro, clip, gapped", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["pro", "clip", "gapped"], ex.AllowedValues);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ResolveModel_NoModelRequested_UsesDefault(string? requested) =>
        Assert.Same(TestModels.Clip, VideoRequestNormalizer.ResolveModel(Provider, requested, "clip", TestModels.All));

    [Fact]
    public void ResolveModel_OtherCase_Matches() =>
        Assert.Same(TestModels.Pro, VideoRequestNormalizer.ResolveModel(Provider, "PRO", "clip", TestModels.All));

    [Fact]
    public async Task SubmitAsync_StrictViolation_SendsNothing()
    {
        // Proven through a real adapter: the validation happens before any HTTP call.
        var handler = new StubHttpHandler();
        using var client = handler.CreateClient();
        using var generator = new OpenAIVideoGenerator(client, new OpenAIOptions { ApiKey = TestProviderOptions.Key, Endpoint = new Uri("https://api.gateway.test/v1") },
            new ManualTimeProvider());

        var ex = await Assert.ThrowsAsync<VideoRequestValidationException>(() =>
            generator.SubmitAsync(new VideoGenerationRequest("a cat") { DurationSeconds = 5 }));

        Assert.Equal(nameof(VideoGenerationRequest.DurationSeconds), ex.ParamName);
        Assert.Empty(handler.Requests);
    }

    // ---- nearest mode ----

    [Theory]
    [InlineData(1, 4)]
    [InlineData(5, 4)]
    [InlineData(6, 4)] // tie between 4 and 8: the shorter one
    [InlineData(7, 8)]
    [InlineData(10, 8)] // tie between 8 and 12: the shorter one
    [InlineData(11, 12)]
    [InlineData(100, 12)]
    public void Normalize_NearestDuration_SnapsToClosestAndRecordsIt(int requested, int expected)
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { DurationSeconds = requested }, mode: VideoNormalization.Nearest);

        Assert.Equal(expected, settings.DurationSeconds);
        Assert.Equal([$"duration {requested} s -> {expected} s"], settings.Adjustments);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void Normalize_NearestNonPositiveDuration_StillThrows(int seconds)
    {
        var ex = Rejects(new VideoGenerationRequest("a cat") { DurationSeconds = seconds }, mode: VideoNormalization.Nearest);

        Assert.Equal(nameof(VideoGenerationRequest.DurationSeconds), ex.ParamName);
    }

    [Fact]
    public void Normalize_NearestUnknownPixelSize_SnapsByShapeAndTier()
    {
        // 1920x1080 is landscape full HD; a 720p-only model has landscape 1280x720.
        var settings = Normalize(new VideoGenerationRequest("a cat") { Size = "1920x1080" }, TestModels.Basic, VideoNormalization.Nearest);

        Assert.Equal("1280x720", settings.Size);
        Assert.Equal(["size 1920x1080 -> 1280x720"], settings.Adjustments);
    }

    [Theory]
    [InlineData("1000x1800", "1024x1792")] // portrait, shorter side 1000: High
    [InlineData("1600x900", "1792x1024")] // landscape, shorter side 900: High
    [InlineData("854x480", "1280x720")] // landscape, small: Standard
    [InlineData("2160x3840", "1080x1920")] // portrait 4K: the highest portrait tier
    public void Normalize_NearestUnknownPixelSize_KeepsShapeAndClosestTier(string requested, string expected)
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { Size = requested }, mode: VideoNormalization.Nearest);

        Assert.Equal(expected, settings.Size);
        Assert.Equal([$"size {requested} -> {expected}"], settings.Adjustments);
    }

    [Fact]
    public void Normalize_NearestPixelSizeOfMissingShape_FallsBackToAnyShapeOfClosestTier()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { Size = "1000x1000" }, mode: VideoNormalization.Nearest);

        Assert.Equal(VideoResolution.High, settings.Resolution);
        Assert.Single(settings.Adjustments);
    }

    [Theory]
    [InlineData("huge")]
    [InlineData("16:10")]
    [InlineData("0x720")]
    public void Normalize_NearestUnknownNonPixelSize_StillThrows(string size)
    {
        var ex = Rejects(new VideoGenerationRequest("a cat") { Size = size }, mode: VideoNormalization.Nearest);

        Assert.Equal(nameof(VideoGenerationRequest.Size), ex.ParamName);
        Assert.Contains("Allowed:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_NearestMissingShape_UsesDefaultShapeAndRecordsIt()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { AspectRatio = VideoAspectRatio.Square }, mode: VideoNormalization.Nearest);

        Assert.Equal("720x1280", settings.Size);
        Assert.Equal(["aspect ratio Square -> Portrait"], settings.Adjustments);
    }

    [Fact]
    public void Normalize_NearestMissingTier_UsesClosestTierOfShape()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { AspectRatio = VideoAspectRatio.Landscape, Resolution = VideoResolution.FullHd },
            TestModels.Basic, VideoNormalization.Nearest);

        Assert.Equal("1280x720", settings.Size);
        Assert.Equal(["resolution FullHd -> Standard"], settings.Adjustments);
    }

    [Fact]
    public void Normalize_NearestTierTie_PicksLowerTier()
    {
        // High sits between Standard and FullHd: the cheaper one wins.
        var settings = Normalize(new VideoGenerationRequest("a cat") { Resolution = VideoResolution.High }, TestModels.Gapped, VideoNormalization.Nearest);

        Assert.Equal("1280x720", settings.Size);
        Assert.Equal(["resolution High -> Standard"], settings.Adjustments);
    }

    [Fact]
    public void Normalize_NearestSeveralChanges_RecordsEach()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { DurationSeconds = 9, AspectRatio = VideoAspectRatio.Landscape, Resolution = VideoResolution.FullHd },
            TestModels.Clip, VideoNormalization.Nearest);

        Assert.Equal(10, settings.DurationSeconds);
        Assert.Equal("16:9", settings.Size);
        Assert.Equal(["duration 9 s -> 10 s", "resolution FullHd -> Standard"], settings.Adjustments);
    }

    // ---- features ----

    public static TheoryData<string, Action<VideoGenerationRequest>, string> UnsupportedFeatures => new()
    {
        { nameof(VideoGenerationRequest.ReferenceImage), r => r.ReferenceImage = VideoInput.FromUri(new Uri("https://example.test/a.png")), "a reference image" },
        { nameof(VideoGenerationRequest.RemixOf), r => r.RemixOf = "video_1", "remix" },
        { nameof(VideoGenerationRequest.Characters), r => r.Characters = ["char_1"], "characters" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedFeatures))]
    public void Normalize_FeatureTheModelLacks_ThrowsInBothModes(string property, Action<VideoGenerationRequest> use, string feature)
    {
        foreach (var mode in new[] { VideoNormalization.Strict, VideoNormalization.Nearest })
        {
            var request = new VideoGenerationRequest("a cat");
            use(request);

            var ex = Rejects(request, TestModels.Clip, mode);

            Assert.Equal(property, ex.ParamName);
            Assert.Contains($"model 'clip' does not support {feature}", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Normalize_CallbackOnModelWithoutCallbacks_Throws()
    {
        var ex = Rejects(new VideoGenerationRequest("a cat") { CallbackUri = new Uri("https://me.test/hook") });

        Assert.Equal(nameof(VideoGenerationRequest.CallbackUri), ex.ParamName);
        Assert.Contains("per-request callbacks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_SupportedFeatures_Accepted()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat")
        {
            ReferenceImage = VideoInput.FromUri(new Uri("https://example.test/a.png")),
            Characters = ["char_1", "char_2"],
        });
        Assert.Equal("pro", settings.Model);

        Assert.Equal("clip", Normalize(new VideoGenerationRequest("a cat") { CallbackUri = new Uri("https://me.test/hook") }, TestModels.Clip).Model);
    }

    [Fact]
    public void Normalize_MoreCharactersThanAllowed_ThrowsWithTheLimit()
    {
        var ex = Rejects(new VideoGenerationRequest("a cat") { Characters = ["a", "b", "c"] }, mode: VideoNormalization.Nearest);

        Assert.Equal(nameof(VideoGenerationRequest.Characters), ex.ParamName);
        Assert.Contains("at most 2 characters", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_EmptyCharacterId_Throws()
    {
        var ex = Rejects(new VideoGenerationRequest("a cat") { Characters = ["a", " "] });

        Assert.Equal(nameof(VideoGenerationRequest.Characters), ex.ParamName);
    }

    // ---- prompt ----

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void Normalize_EmptyPrompt_Throws(string prompt)
    {
        var ex = Rejects(new VideoGenerationRequest(prompt), mode: VideoNormalization.Nearest);

        Assert.Equal(nameof(VideoGenerationRequest.Prompt), ex.ParamName);
        Assert.Contains("prompt is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePrompt_NullRequest_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => VideoRequestNormalizer.ValidatePrompt(Provider, null!));

    // ---- prices ----

    [Fact]
    public void PriceOf_PerClip_IgnoresDuration()
    {
        Assert.Equal(0.08m, VideoRequestNormalizer.PriceOf(TestModels.Clip, Normalize(new VideoGenerationRequest("a cat"), TestModels.Clip)));
        Assert.Equal(0.08m, VideoRequestNormalizer.PriceOf(TestModels.Clip, Normalize(new VideoGenerationRequest("a cat") { DurationSeconds = 15 }, TestModels.Clip)));
    }

    [Fact]
    public void PriceOf_PerSecond_MultipliesByDuration()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { DurationSeconds = 8, Size = "1280x720" });

        Assert.Equal(2.40m, VideoRequestNormalizer.PriceOf(TestModels.Pro, settings));
    }

    [Fact]
    public void PriceOf_SizeWithOwnPrice_OverridesModelPrice()
    {
        var settings = Normalize(new VideoGenerationRequest("a cat") { DurationSeconds = 12, Size = "1792x1024" });

        Assert.Equal(6.00m, VideoRequestNormalizer.PriceOf(TestModels.Pro, settings));
    }

    [Fact]
    public void PriceOf_NoPriceData_ReturnsNull() =>
        Assert.Null(VideoRequestNormalizer.PriceOf(TestModels.Gapped, Normalize(new VideoGenerationRequest("a cat"), TestModels.Gapped)));

    [Theory]
    [InlineData("1280x720", 1280, 720)]
    [InlineData("720X1280", 720, 1280)]
    [InlineData("1024*1792", 1024, 1792)]
    public void TryParsePixels_PixelSize_Parses(string size, int width, int height)
    {
        Assert.True(VideoRequestNormalizer.TryParsePixels(size, out var w, out var h));
        Assert.Equal((width, height), (w, h));
    }

    [Theory]
    [InlineData("16:9")]
    [InlineData("large")]
    [InlineData("1280x")]
    [InlineData("-1280x720")]
    [InlineData("1280x720x3")]
    [InlineData("0x0")]
    public void TryParsePixels_NotAPixelSize_ReturnsFalse(string size) =>
        Assert.False(VideoRequestNormalizer.TryParsePixels(size, out _, out _));

    [Theory]
    [InlineData(1280, 720, VideoResolution.Standard)]
    [InlineData(720, 1280, VideoResolution.Standard)]
    [InlineData(1792, 1024, VideoResolution.High)]
    [InlineData(1920, 1080, VideoResolution.FullHd)]
    [InlineData(3840, 2160, VideoResolution.FullHd)]
    public void TierOf_ShorterSide_DecidesTier(int width, int height, VideoResolution expected) =>
        Assert.Equal(expected, VideoRequestNormalizer.TierOf(width, height));
}
