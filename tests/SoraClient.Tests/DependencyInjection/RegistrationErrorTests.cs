using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraClient.Testing;

namespace SoraClient.Tests.DependencyInjection;

/// <summary>Registration mistakes a newcomer makes get a message that names the mistake, at start rather than at the first call.</summary>
public sealed class RegistrationErrorTests
{
    private const string Key = "sk-test-1234567890abcdef";

    [Fact]
    public void SameNameTwice_FailsNamingTheName()
    {
        var builder = new ServiceCollection().AddSoraClient().AddOpenAI("apiyi", o => o.ApiKey = Key);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddGrsAI("apiyi", o => o.ApiKey = Key));

        Assert.Equal("A SoraClient provider named 'apiyi' is registered already; each registration needs its own name (for example AddGrsAI(\"apiyi-2\", ...)).", error.Message);
    }

    [Fact]
    public void NamedLikeTheUnnamedDefault_FailsNamingTheName()
    {
        var builder = new ServiceCollection().AddSoraClient().AddOpenAI(o => o.ApiKey = Key);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddOpenAI("openai", o => o.ApiKey = Key));

        Assert.Contains("'openai' is registered already", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoUnnamedRegistrations_AreRefusedSayingWhichIsTheDefault()
    {
        var builder = new ServiceCollection().AddSoraClient().AddOpenAI(o => o.ApiKey = Key);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddGrsAI(o => o.ApiKey = Key));

        Assert.Equal("AddGrsAI without a name registers the default IVideoGenerator, but 'openai' is the default already. " +
            "Give one of them a name, for example AddGrsAI(\"grsai\", ...), and inject it with [FromKeyedServices(\"grsai\")].", error.Message);
    }

    [Fact]
    public void SeparateServiceCollections_DoNotShareNames()
    {
        new ServiceCollection().AddSoraClient().AddOpenAI("apiyi", o => o.ApiKey = Key);

        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI("apiyi", o => o.ApiKey = Key);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(["apiyi"], provider.GetRequiredService<IVideoGeneratorResolver>().ProviderNames);
    }

    [Fact]
    public void MisspeltConfigurationSection_NamesThePathReadAndSaysItWasEmpty()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sora:APIYI:ApiKey"] = Key,
        }).Build();
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI("apiyi", configuration.GetSection("Sora:APIYl"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IVideoGenerator>("apiyi"));

        Assert.Contains("OpenAIOptions 'apiyi': the API key is missing.", error.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAIOptions 'apiyi': the configuration section 'Sora:APIYl' that was read is empty or does not exist; check the section name.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionWithoutApiKey_SaysOnlyThatTheKeyIsMissing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sora:GrsAI:Endpoint"] = "https://grsai.dakka.com.cn",
        }).Build();
        var services = new ServiceCollection();
        services.AddSoraClient().AddGrsAI(configuration.GetSection("Sora:GrsAI"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IVideoGenerator>());

        Assert.Contains("GrsAIOptions 'grsai': the API key is missing.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolver_StoredReference_FindsItsGenerator()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI("apiyi", o => o.ApiKey = Key).AddAceData("acedata", o => o.ApiKey = Key);
        using var provider = services.BuildServiceProvider();

        var generator = provider.GetVideoGenerator(VideoJobReference.Parse("acedata:task-1"));

        Assert.Same(provider.GetRequiredKeyedService<IVideoGenerator>("acedata"), generator);
        Assert.Same(generator, provider.GetRequiredService<IVideoGeneratorResolver>().GetGenerator("acedata"));
    }

    [Fact]
    public void Resolver_UnregisteredProvider_IsAVideoGenerationExceptionNamingTheRegisteredOnes()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI("apiyi", o => o.ApiKey = Key).AddGrsAI(o => o.ApiKey = Key);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<VideoGenerationException>(() => provider.GetVideoGenerator(VideoJobReference.Parse("azure:video_1")));

        Assert.Equal("azure", error.Provider);
        Assert.StartsWith("No video generator is registered as 'azure' (registered: apiyi, grsai).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolver_NothingRegistered_IsAVideoGenerationException()
    {
        using var provider = new ServiceCollection().BuildServiceProvider();

        var error = Assert.Throws<VideoGenerationException>(() => provider.GetVideoGenerator(new VideoJobReference("openai", "video_1")));

        Assert.Contains("(registered: none)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamedClients_HaveNoFactoryLoggers_UnlessAddedBack()
    {
        static async Task<string> LogsOfOneReadAsync(bool addDefaultLogger)
        {
            var stub = new StubHttpHandler().OnJson(HttpMethod.Get, "/v1/videos/video_1", 200,
                """{"id":"video_1","object":"video","model":"sora-2","status":"in_progress","progress":10}""");
            var logs = new TestLoggerProvider();
            var services = new ServiceCollection();
            services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            var registration = services.AddSoraClient().AddOpenAI(o => o.ApiKey = Key);
            registration.HttpClient.ConfigurePrimaryHttpMessageHandler(() => stub);
            if (addDefaultLogger)
            {
                registration.HttpClient.AddDefaultLogger();
            }

            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<IVideoGenerator>().GetJobAsync("video_1");
            return logs.AllText;
        }

        Assert.DoesNotContain("System.Net.Http.HttpClient.SoraClient", await LogsOfOneReadAsync(addDefaultLogger: false), StringComparison.Ordinal);
        Assert.Contains("System.Net.Http.HttpClient.SoraClient.OpenAI.openai", await LogsOfOneReadAsync(addDefaultLogger: true), StringComparison.Ordinal);
    }
}
