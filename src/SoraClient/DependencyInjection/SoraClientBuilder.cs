namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The default <see cref="ISoraClientBuilder"/>.</summary>
internal sealed class SoraClientBuilder(IServiceCollection services) : ISoraClientBuilder
{
    public IServiceCollection Services { get; } = services;
}
