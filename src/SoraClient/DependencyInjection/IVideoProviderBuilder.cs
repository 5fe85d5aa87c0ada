using SoraClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by each <c>Add{Provider}</c> call: adds middleware to that registration's generator, configures its
/// named <see cref="IHttpClientBuilder"/>, and chains further providers.
/// </summary>
public interface IVideoProviderBuilder : ISoraClientBuilder
{
    /// <summary>Gets the registration name: the service key of the keyed <see cref="IVideoGenerator"/> and <see cref="VideoJob.Provider"/>.</summary>
    string Name { get; }

    /// <summary>Gets the builder of the registration's named HTTP client (add handlers here).</summary>
    IHttpClientBuilder HttpClient { get; }

    /// <summary>Adds a middleware layer; the first one added is the outermost.</summary>
    /// <param name="generatorFactory">Wraps the generator built so far.</param>
    /// <returns>This builder.</returns>
    IVideoProviderBuilder Use(Func<IVideoGenerator, IServiceProvider, IVideoGenerator> generatorFactory);
}
