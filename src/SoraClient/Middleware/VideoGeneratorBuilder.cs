namespace SoraClient;

/// <summary>Wraps a generator in middleware. The first <c>Use</c> becomes the outermost layer.</summary>
public sealed class VideoGeneratorBuilder
{
    private readonly Func<IServiceProvider, IVideoGenerator> _innerFactory;
    private readonly List<Func<IVideoGenerator, IServiceProvider, IVideoGenerator>> _layers = [];

    /// <summary>Initializes a new instance of the <see cref="VideoGeneratorBuilder"/> class.</summary>
    /// <param name="innerGenerator">The generator at the centre.</param>
    public VideoGeneratorBuilder(IVideoGenerator innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(innerGenerator);
        _innerFactory = _ => innerGenerator;
    }

    /// <summary>Initializes a new instance of the <see cref="VideoGeneratorBuilder"/> class.</summary>
    /// <param name="innerGeneratorFactory">Creates the generator at the centre.</param>
    public VideoGeneratorBuilder(Func<IServiceProvider, IVideoGenerator> innerGeneratorFactory)
    {
        ArgumentNullException.ThrowIfNull(innerGeneratorFactory);
        _innerFactory = innerGeneratorFactory;
    }

    /// <summary>Adds a layer.</summary>
    /// <param name="generatorFactory">Wraps the generator built so far.</param>
    /// <returns>This builder.</returns>
    public VideoGeneratorBuilder Use(Func<IVideoGenerator, IVideoGenerator> generatorFactory)
    {
        ArgumentNullException.ThrowIfNull(generatorFactory);
        return Use((inner, _) => generatorFactory(inner));
    }

    /// <summary>Adds a layer that needs services.</summary>
    /// <param name="generatorFactory">Wraps the generator built so far.</param>
    /// <returns>This builder.</returns>
    public VideoGeneratorBuilder Use(Func<IVideoGenerator, IServiceProvider, IVideoGenerator> generatorFactory)
    {
        ArgumentNullException.ThrowIfNull(generatorFactory);
        _layers.Add(generatorFactory);
        return this;
    }

    /// <summary>Builds the generator with its layers.</summary>
    /// <param name="services">Services for the factories; an empty provider when <see langword="null"/>.</param>
    /// <returns>The outermost generator.</returns>
    /// <exception cref="InvalidOperationException">A factory returned <see langword="null"/>.</exception>
    public IVideoGenerator Build(IServiceProvider? services = null)
    {
        services ??= EmptyServiceProvider.Instance;
        var generator = _innerFactory(services);
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            generator = _layers[i](generator, services)
                ?? throw new InvalidOperationException($"A {nameof(VideoGeneratorBuilder)} layer returned null.");
        }

        return generator;
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
