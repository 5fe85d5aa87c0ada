namespace SoraClient.Providers.AIVideoApi;

/// <summary>Settings of <see cref="AIVideoApiVideoGenerator"/> for aivideoapi.ai (<c>https://api.aivideoapi.ai</c>).</summary>
public sealed class AIVideoApiOptions : VideoProviderOptions
{
    /// <summary>The endpoint used when <see cref="VideoProviderOptions.Endpoint"/> is not set.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.aivideoapi.ai");

    /// <summary>The registration name used when none is given.</summary>
    public const string DefaultProviderName = "aivideoapi";
}
