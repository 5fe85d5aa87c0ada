using SoraClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Finds the generator of a stored job reference.</summary>
public static class VideoGeneratorResolverExtensions
{
    /// <summary>Gets the generator that made the job <paramref name="reference"/> points to.</summary>
    /// <param name="resolver">The resolver.</param>
    /// <param name="reference">The job reference, <c>provider:id</c>.</param>
    /// <returns>The generator registered under <see cref="VideoJobReference.Provider"/>.</returns>
    /// <exception cref="VideoGenerationException">No generator is registered under that name; the message lists the registered ones.</exception>
    public static IVideoGenerator GetGenerator(this IVideoGeneratorResolver resolver, VideoJobReference reference)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        return resolver.GetGenerator(reference.Provider);
    }

    /// <summary>Gets the generator that made the job <paramref name="reference"/> points to, through the registered <see cref="IVideoGeneratorResolver"/>.</summary>
    /// <param name="services">The service provider.</param>
    /// <param name="reference">The job reference, <c>provider:id</c>.</param>
    /// <returns>The generator registered under <see cref="VideoJobReference.Provider"/>.</returns>
    /// <exception cref="VideoGenerationException">No generator is registered under that name (or none at all); the message lists the registered ones.</exception>
    public static IVideoGenerator GetVideoGenerator(this IServiceProvider services, VideoJobReference reference)
    {
        ArgumentNullException.ThrowIfNull(services);
        var resolver = services.GetService<IVideoGeneratorResolver>()
            ?? throw new VideoGenerationException(reference.Provider,
                $"No video generator is registered as '{reference.Provider}' (registered: none). Register one with services.AddSoraClient().Add{{Provider}}(...).");
        return resolver.GetGenerator(reference);
    }
}
