namespace SoraClient;

/// <summary>Creates a <see cref="VideoGeneratorBuilder"/> around a generator.</summary>
public static class VideoGeneratorBuilderExtensions
{
    /// <summary>Starts a builder with this generator at the centre.</summary>
    /// <param name="innerGenerator">The generator.</param>
    /// <returns>The builder.</returns>
    public static VideoGeneratorBuilder AsBuilder(this IVideoGenerator innerGenerator) => new(innerGenerator);
}
