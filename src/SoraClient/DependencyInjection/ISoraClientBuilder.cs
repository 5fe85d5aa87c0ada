namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <see cref="SoraClientServiceCollectionExtensions.AddSoraClient"/>; gateway adapters are added to it (<c>AddOpenAI</c>, ...).</summary>
public interface ISoraClientBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }
}
