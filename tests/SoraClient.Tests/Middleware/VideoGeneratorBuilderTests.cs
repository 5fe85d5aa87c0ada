using SoraClient.Tests.Support;

namespace SoraClient.Tests.Middleware;

public class VideoGeneratorBuilderTests
{
    [Fact]
    public async Task Build_SeveralLayers_FirstUseIsOutermost()
    {
        var calls = new List<string>();
        using var inner = new TestVideoGenerator
        {
            GetJobAsyncCallback = (id, _) =>
            {
                calls.Add("inner");
                return Task.FromResult(Jobs.Create(VideoJobStatus.Running, id: id));
            },
        };

        using var generator = inner.AsBuilder()
            .Use(g => new RecordingGenerator(g, "first", calls))
            .Use((g, _) => new RecordingGenerator(g, "second", calls))
            .Use(g => new RecordingGenerator(g, "third", calls))
            .Build();
        await generator.GetJobAsync("video_1");

        Assert.Equal(["first", "second", "third", "inner"], calls, StringComparer.Ordinal);
        Assert.Equal("first", Assert.IsType<RecordingGenerator>(generator).Name);
    }

    [Fact]
    public void Build_NoLayers_ReturnsInner()
    {
        using var inner = new TestVideoGenerator();

        Assert.Same(inner, new VideoGeneratorBuilder(inner).Build());
    }

    [Fact]
    public void Build_Services_PassedToInnerFactoryAndLayers()
    {
        using var inner = new TestVideoGenerator();
        var services = new SingleServiceProvider(inner);
        IServiceProvider? seenByFactory = null;
        IServiceProvider? seenByLayer = null;

        var generator = new VideoGeneratorBuilder(sp =>
            {
                seenByFactory = sp;
                return (IVideoGenerator)sp.GetService(typeof(IVideoGenerator))!;
            })
            .Use((g, sp) =>
            {
                seenByLayer = sp;
                return g;
            })
            .Build(services);

        Assert.Same(inner, generator);
        Assert.Same(services, seenByFactory);
        Assert.Same(services, seenByLayer);
    }

    [Fact]
    public void Build_NoServices_EmptyProvider()
    {
        using var inner = new TestVideoGenerator();
        object? resolved = "unset";

        inner.AsBuilder().Use((g, sp) =>
        {
            resolved = sp.GetService(typeof(string));
            return g;
        }).Build();

        Assert.Null(resolved);
    }

    [Fact]
    public void Build_LayerReturnsNull_ThrowsInvalidOperation()
    {
        using var inner = new TestVideoGenerator();

        var ex = Assert.Throws<InvalidOperationException>(() => inner.AsBuilder().Use(_ => null!).Build());
        Assert.Contains("returned null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new VideoGeneratorBuilder((IVideoGenerator)null!));
        Assert.Throws<ArgumentNullException>(() => new VideoGeneratorBuilder((Func<IServiceProvider, IVideoGenerator>)null!));
        using var inner = new TestVideoGenerator();
        Assert.Throws<ArgumentNullException>(() => inner.AsBuilder().Use((Func<IVideoGenerator, IVideoGenerator>)null!));
        Assert.Throws<ArgumentNullException>(() => inner.AsBuilder().Use((Func<IVideoGenerator, IServiceProvider, IVideoGenerator>)null!));
    }

    private sealed class RecordingGenerator(IVideoGenerator inner, string name, List<string> calls) : DelegatingVideoGenerator(inner)
    {
        public string Name => name;

        public override Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
        {
            calls.Add(name);
            return base.GetJobAsync(jobId, cancellationToken);
        }
    }

    private sealed class SingleServiceProvider(IVideoGenerator generator) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IVideoGenerator) ? generator : null;
    }
}
