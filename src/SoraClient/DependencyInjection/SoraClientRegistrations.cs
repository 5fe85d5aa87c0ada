using SoraClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The registration names added to one service collection, kept as a singleton instance in it: it refuses a name
/// registered twice (the later one would silently win) and lets <see cref="IVideoGeneratorResolver"/> name them all.
/// </summary>
internal sealed class SoraClientRegistrations
{
    private readonly List<string> _names = [];

    /// <summary>Gets the registration names in the order they were added.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Gets the name of the registration that is the default <see cref="IVideoGenerator"/>, if any.</summary>
    public string? DefaultName { get; private set; }

    /// <summary>Finds the collection's instance, adding one (and the resolver) on first use.</summary>
    public static SoraClientRegistrations Of(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(SoraClientRegistrations) && !d.IsKeyedService)?.ImplementationInstance;
        if (existing is SoraClientRegistrations registrations)
        {
            return registrations;
        }

        registrations = new SoraClientRegistrations();
        services.AddSingleton(registrations);
        services.AddSingleton<IVideoGeneratorResolver>(sp => new VideoGeneratorResolver(sp, registrations));
        return registrations;
    }

    /// <summary>Records a registration, refusing a name taken already and a second default.</summary>
    /// <exception cref="InvalidOperationException">The name, or the default, is taken.</exception>
    public void Add(string name, bool isDefault, string method)
    {
        if (_names.Contains(name, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"A SoraClient provider named '{name}' is registered already; each registration needs its own name " +
                $"(for example {method}(\"{name}-2\", ...)).");
        }

        if (isDefault && DefaultName is { } taken)
        {
            // Two unnamed registrations both claim the default IVideoGenerator: the later would silently replace the earlier.
            throw new InvalidOperationException(
                $"{method} without a name registers the default IVideoGenerator, but '{taken}' is the default already. " +
                $"Give one of them a name, for example {method}(\"{name}\", ...), and inject it with [FromKeyedServices(\"{name}\")].");
        }

        _names.Add(name);
        if (isDefault)
        {
            DefaultName = name;
        }
    }
}
