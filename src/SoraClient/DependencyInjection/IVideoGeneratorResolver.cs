namespace SoraClient;

/// <summary>
/// Finds a registered generator by its registration name, for example to resume a stored <see cref="VideoJobReference"/>
/// in another process. Registered by <c>AddSoraClient()</c>'s providers; an unknown name is a
/// <see cref="VideoGenerationException"/> that lists the registered ones, not a dependency-injection error.
/// </summary>
public interface IVideoGeneratorResolver
{
    /// <summary>Gets the registration names, in the order they were added.</summary>
    IReadOnlyList<string> ProviderNames { get; }

    /// <summary>Gets the generator registered under <paramref name="providerName"/>.</summary>
    /// <param name="providerName">The registration name (the part before the colon of a job reference).</param>
    /// <returns>The generator, with its middleware.</returns>
    /// <exception cref="VideoGenerationException">No generator is registered under that name.</exception>
    IVideoGenerator GetGenerator(string providerName);
}
