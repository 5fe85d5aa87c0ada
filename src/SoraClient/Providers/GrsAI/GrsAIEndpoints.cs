namespace SoraClient.Providers.GrsAI;

/// <summary>GrsAI's two API hosts; set one as <see cref="VideoProviderOptions.Endpoint"/>. Both serve the same API and keys.</summary>
public static class GrsAIEndpoints
{
    /// <summary>Gets the overseas host, <c>https://grsaiapi.com</c> (the default).</summary>
    public static Uri Overseas { get; } = new("https://grsaiapi.com");

    /// <summary>Gets the host for direct connections from mainland China, <c>https://grsai.dakka.com.cn</c>.</summary>
    public static Uri Mainland { get; } = new("https://grsai.dakka.com.cn");
}
