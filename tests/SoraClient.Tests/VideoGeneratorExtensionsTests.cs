using SoraClient.Tests.Support;

namespace SoraClient.Tests;

public class VideoGeneratorExtensionsTests
{
    private static TestVideoGenerator WithModels(string defaultModel = "pro") => new()
    {
        Metadata = new VideoGeneratorMetadata("testgw", new Uri("https://api.gateway.test/v1"), defaultModel, TestModels.All, [VideoDeliveryMode.Polling]),
    };

    [Fact]
    public void EstimateCost_PerSecondModel_UsesNormalisedSettingsAndSizePrice()
    {
        using var generator = WithModels();

        var estimate = generator.EstimateCost(new VideoGenerationRequest("a cat") { DurationSeconds = 8, AspectRatio = VideoAspectRatio.Landscape, Resolution = VideoResolution.FullHd });

        Assert.NotNull(estimate);
        Assert.Equal(5.60m, estimate.Amount);
        Assert.Equal("USD", estimate.Currency);
        Assert.Equal("1920x1080", estimate.Settings.Size);
        Assert.Equal(8, estimate.Settings.DurationSeconds);
    }

    [Fact]
    public void EstimateCost_PerClipModel_ReturnsClipPriceInModelCurrency()
    {
        using var generator = WithModels();

        var estimate = generator.EstimateCost(new VideoGenerationRequest("a cat") { Model = "clip", DurationSeconds = 15 });

        Assert.NotNull(estimate);
        Assert.Equal(0.08m, estimate.Amount);
        Assert.Equal("CNY", estimate.Currency);
    }

    [Fact]
    public void EstimateCost_NoModelNamed_UsesDefaultModel()
    {
        using var generator = WithModels("clip");

        Assert.Equal("clip", generator.EstimateCost(new VideoGenerationRequest("a cat"))!.Settings.Model);
    }

    [Fact]
    public void EstimateCost_NoPriceData_ReturnsNull()
    {
        using var generator = WithModels();

        Assert.Null(generator.EstimateCost(new VideoGenerationRequest("a cat") { Model = "gapped" }));
    }

    [Fact]
    public void EstimateCost_StrictUnsupportedDuration_Throws()
    {
        using var generator = WithModels();

        var ex = Assert.Throws<VideoRequestValidationException>(() => generator.EstimateCost(new VideoGenerationRequest("a cat") { DurationSeconds = 5 }));
        Assert.Equal(nameof(VideoGenerationRequest.DurationSeconds), ex.ParamName);
    }

    [Fact]
    public void EstimateCost_Nearest_PricesTheSnappedDuration()
    {
        using var generator = WithModels();

        var estimate = generator.EstimateCost(new VideoGenerationRequest("a cat") { DurationSeconds = 11 }, new VideoGenerationOptions { Normalization = VideoNormalization.Nearest });

        Assert.Equal(12 * 0.30m, estimate!.Amount);
        Assert.Equal(["duration 11 s -> 12 s"], estimate.Settings.Adjustments);
    }

    [Fact]
    public void EstimateCost_NoMetadata_ThrowsInvalidOperation()
    {
        using var generator = new TestVideoGenerator();

        var ex = Assert.Throws<InvalidOperationException>(() => generator.EstimateCost(new VideoGenerationRequest("a cat")));
        Assert.Contains(nameof(VideoGeneratorMetadata), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetService_Generic_ReturnsTypedServiceOrNull()
    {
        using var generator = WithModels();
        generator.TimeProvider = TimeProvider.System;

        Assert.Same(generator.Metadata, generator.GetService<VideoGeneratorMetadata>());
        Assert.Same(TimeProvider.System, generator.GetService<TimeProvider>());
        Assert.Same(generator, generator.GetService<TestVideoGenerator>());
        Assert.Null(generator.GetService<VideoGeneratorMetadata>("some key"));
        Assert.Null(generator.GetService<string>());
        Assert.Throws<InvalidOperationException>(() => generator.GetRequiredService<string>());
    }
}
