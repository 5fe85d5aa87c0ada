using SoraClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The registration of one gateway adapter and its middleware.</summary>
internal sealed class VideoProviderBuilder(string name, IServiceCollection services, IHttpClientBuilder httpClient) : IVideoProviderBuilder
{
    private readonly List<Func<IVideoGenerator, IServiceProvider, IVideoGenerator>> _layers = [];

    public string Name { get; } = name;

    public IServiceCollection Services { get; } = services;

    public IHttpClientBuilder HttpClient { get; } = httpClient;

    public IVideoProviderBuilder Use(Func<IVideoGenerator, IServiceProvider, IVideoGenerator> generatorFactory)
    {
        ArgumentNullException.ThrowIfNull(generatorFactory);
        _layers.Add(generatorFactory);
        return this;
    }

    /// <summary>Wraps the adapter in the layers added so far (called when the generator is first resolved).</summary>
    public IVideoGenerator Build(IVideoGenerator adapter, IServiceProvider services)
    {
        var builder = new VideoGeneratorBuilder(adapter);
        foreach (var layer in _layers)
        {
            builder.Use(layer);
        }

        return builder.Build(services);
    }
}
