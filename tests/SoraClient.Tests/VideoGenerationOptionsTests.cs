namespace SoraClient.Tests;

public class VideoGenerationOptionsTests
{
    [Fact]
    public void Clone_CopiesEveryProperty()
    {
        var options = new VideoGenerationOptions { Normalization = VideoNormalization.Nearest, DeliveryMode = VideoDeliveryMode.Webhook };

        var clone = options.Clone();

        Assert.NotSame(options, clone);
        Assert.Equal(VideoNormalization.Nearest, clone.Normalization);
        Assert.Equal(VideoDeliveryMode.Webhook, clone.DeliveryMode);
    }

    [Fact]
    public void Clone_ChangingCopy_LeavesOriginal()
    {
        var options = new VideoGenerationOptions { Normalization = VideoNormalization.Strict };

        var clone = options.Clone();
        clone.Normalization = VideoNormalization.Nearest;
        clone.DeliveryMode = VideoDeliveryMode.Streaming;

        Assert.Equal(VideoNormalization.Strict, options.Normalization);
        Assert.Null(options.DeliveryMode);
    }

    [Fact]
    public void Clone_EveryPublicPropertyIsCopied()
    {
        // Guards against a property added later but forgotten in the copy constructor.
        var properties = typeof(VideoGenerationOptions).GetProperties();
        Assert.Equal(["Normalization", "DeliveryMode"], properties.Select(p => p.Name), StringComparer.Ordinal);
    }

    [Fact]
    public void Clone_DerivedOptions_KeepTheirTypeAndValues()
    {
        var options = new DerivedOptions { Normalization = VideoNormalization.Nearest, Seed = 7 };

        var clone = Assert.IsType<DerivedOptions>(options.Clone());

        Assert.Equal(7, clone.Seed);
        Assert.Equal(VideoNormalization.Nearest, clone.Normalization);
    }

    private sealed class DerivedOptions : VideoGenerationOptions
    {
        public DerivedOptions()
        {
        }

        private DerivedOptions(DerivedOptions other)
            : base(other) => Seed = other.Seed;

        public int Seed { get; set; }

        public override VideoGenerationOptions Clone() => new DerivedOptions(this);
    }
}
