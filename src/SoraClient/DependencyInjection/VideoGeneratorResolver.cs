using SoraClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The default <see cref="IVideoGeneratorResolver"/>: keyed services, with the registered names in the error.</summary>
internal sealed class VideoGeneratorResolver(IServiceProvider services, SoraClientRegistrations registrations) : IVideoGeneratorResolver
{
    public IReadOnlyList<string> ProviderNames => registrations.Names;

    public IVideoGenerator GetGenerator(string providerName)
    {
        ArgumentNullException.ThrowIfNull(providerName);
        if (!registrations.Names.Contains(providerName, StringComparer.Ordinal))
        {
            var known = registrations.Names.Count == 0 ? "none" : string.Join(", ", registrations.Names);
            throw new VideoGenerationException(providerName,
                $"No video generator is registered as '{providerName}' (registered: {known}). Register it with AddSoraClient().Add{{Provider}}(\"{providerName}\", ...).");
        }

        return services.GetRequiredKeyedService<IVideoGenerator>(providerName);
    }
}
