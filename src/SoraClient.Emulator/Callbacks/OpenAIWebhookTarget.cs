namespace SoraClient.Emulator.Callbacks;

/// <summary>Where the OpenAI-compatible protocol posts its signed webhooks; changeable while the emulator runs.</summary>
internal sealed class OpenAIWebhookTarget(Uri? url, string secret)
{
    private Uri? _url = url;

    public Uri? Url
    {
        get => Volatile.Read(ref _url);
        set => Volatile.Write(ref _url, value);
    }

    public string Secret { get; } = secret;
}
