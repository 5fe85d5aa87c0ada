using SoraClient.Tests.Support;

namespace SoraClient.Tests.Middleware;

public class DelegatingVideoGeneratorTests
{
    [Fact]
    public void GetService_OwnType_ReturnsItself()
    {
        using var inner = new TestVideoGenerator();
        using var outer = new PassThrough(inner);

        Assert.Same(outer, outer.GetService(typeof(PassThrough)));
        Assert.Same(outer, outer.GetService(typeof(DelegatingVideoGenerator)));
        Assert.Same(outer, outer.GetService(typeof(IVideoGenerator))); // the outermost layer answers for the interface
    }

    [Fact]
    public void GetService_OtherTypes_ForwardedToInner()
    {
        var time = new SoraClient.Testing.ManualTimeProvider();
        var metadata = new VideoGeneratorMetadata("testgw", null, "pro", TestModels.All, [VideoDeliveryMode.Polling]);
        using var inner = new TestVideoGenerator { TimeProvider = time, Metadata = metadata };
        using var outer = new PassThrough(new PassThrough(inner));

        Assert.Same(time, outer.GetService(typeof(TimeProvider)));
        Assert.Same(metadata, outer.GetService<VideoGeneratorMetadata>());
        Assert.Same(inner, outer.GetService<TestVideoGenerator>()); // the concrete adapter, through two layers
        Assert.Null(outer.GetService(typeof(string)));
    }

    [Fact]
    public void GetService_WithKey_AlwaysForwarded()
    {
        object? key = null;
        using var inner = new TestVideoGenerator
        {
            GetServiceCallback = (type, k) =>
            {
                key = k;
                return "keyed";
            },
        };
        using var outer = new PassThrough(inner);

        Assert.Equal("keyed", outer.GetService(typeof(PassThrough), "k1")); // a keyed request is not this layer's to answer
        Assert.Equal("k1", key);
    }

    [Fact]
    public void GetService_NullType_Throws()
    {
        using var outer = new PassThrough(new TestVideoGenerator());

        Assert.Throws<ArgumentNullException>(() => outer.GetService(null!));
    }

    [Fact]
    public async Task Calls_PassedThroughUnchanged()
    {
        var request = new VideoGenerationRequest("a cat");
        var options = new VideoGenerationOptions();
        var job = Jobs.Succeeded();
        using var content = new VideoContent(new MemoryStream(), "video/mp4", 0);
        using var cts = new CancellationTokenSource();
        var seen = new List<object?>();
        using var inner = new TestVideoGenerator
        {
            SubmitAsyncCallback = (r, o, ct) =>
            {
                seen.AddRange([r, o, ct]);
                return Task.FromResult(job);
            },
            GetJobAsyncCallback = (id, ct) =>
            {
                seen.AddRange([id, ct]);
                return Task.FromResult(job);
            },
            GetContentAsyncCallback = (j, kind, ct) =>
            {
                seen.AddRange([j, kind, ct]);
                return Task.FromResult(content);
            },
        };
        using var outer = new PassThrough(inner);

        Assert.Same(job, await outer.SubmitAsync(request, options, cts.Token));
        Assert.Same(job, await outer.GetJobAsync("video_9", cts.Token));
        Assert.Same(content, await outer.GetContentAsync(job, VideoAssetKind.Spritesheet, cts.Token));

        Assert.Equal([request, options, cts.Token, "video_9", cts.Token, job, VideoAssetKind.Spritesheet, cts.Token], seen);
    }

    [Fact]
    public void Dispose_DisposesInner()
    {
        var inner = new TestVideoGenerator();

        new PassThrough(inner).Dispose();

        Assert.True(inner.IsDisposed);
    }

    [Fact]
    public void Constructor_NullInner_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new PassThrough(null!));

    private sealed class PassThrough(IVideoGenerator inner) : DelegatingVideoGenerator(inner);
}
