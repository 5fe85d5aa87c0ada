using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SoraClient;

/// <summary>Adds <see cref="LoggingVideoGenerator"/> to a <see cref="VideoGeneratorBuilder"/>.</summary>
public static class LoggingVideoGeneratorBuilderExtensions
{
    /// <summary>Logs each call of the generators built after this layer.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">The logger factory; resolved from the services when <see langword="null"/> (no logging if there is none).</param>
    /// <returns>The builder.</returns>
    public static VideoGeneratorBuilder UseLogging(this VideoGeneratorBuilder builder, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var factory = loggerFactory ?? services.GetService<ILoggerFactory>();
            return factory is null ? inner : new LoggingVideoGenerator(inner, factory.CreateLogger<LoggingVideoGenerator>());
        });
    }
}
