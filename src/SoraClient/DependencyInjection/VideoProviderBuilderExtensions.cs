using Microsoft.Extensions.Logging;
using SoraClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Middleware for a registered generator.</summary>
public static class VideoProviderBuilderExtensions
{
    /// <summary>Logs each call of the registration's generator through the registered <see cref="ILoggerFactory"/>.</summary>
    /// <param name="builder">The provider builder.</param>
    /// <returns>The provider builder.</returns>
    public static IVideoProviderBuilder UseLogging(this IVideoProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => services.GetService<ILoggerFactory>() is { } factory
            ? new LoggingVideoGenerator(inner, factory.CreateLogger<LoggingVideoGenerator>())
            : inner);
    }
}
