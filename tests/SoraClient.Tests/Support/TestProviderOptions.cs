namespace SoraClient.Tests.Support;

/// <summary>Concrete provider options for tests of the core pieces.</summary>
public sealed class TestProviderOptions : VideoProviderOptions
{
    public const string Key = "sk-test-1234567890abcdef";

    public TestProviderOptions()
    {
        ApiKey = Key;
        Endpoint = new Uri("https://api.gateway.test/v1");
        DownloadTimeout = TimeSpan.FromDays(1); // the manual clock of a test may run far ahead while work is off the clock
    }
}
