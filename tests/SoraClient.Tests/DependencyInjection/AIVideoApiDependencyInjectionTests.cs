using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Tests.DependencyInjection;

public sealed class AIVideoApiDependencyInjectionTests
{
    private const string Key = "sk-aivideoapi-1234567890abcdef";

    [Fact]
    public void AddAIVideoApi_WithoutName_RegistersDefaultAndKeyedSingleton()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddAIVideoApi(o => o.ApiKey = Key);
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var generator = provider.GetRequiredService<IVideoGenerator>();

        Assert.IsType<AIVideoApiVideoGenerator>(generator);
        Assert.Same(generator, provider.GetRequiredKeyedService<IVideoGenerator>("aivideoapi"));
        Assert.Equal(AIVideoApiOptions.DefaultEndpoint, generator.GetRequiredService<VideoGeneratorMetadata>().Endpoint);
    }

    [Fact]
    public void AddAIVideoApi_ConfigurationSection_BindsTheOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sora:AIVideoApi:ApiKey"] = Key,
            ["Sora:AIVideoApi:Endpoint"] = "https://eu.aivideoapi.test",
            ["Sora:AIVideoApi:Normalization"] = "Nearest",
        }).Build();
        var services = new ServiceCollection();
        services.AddSoraClient().AddAIVideoApi("videos", configuration.GetSection("Sora:AIVideoApi"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<AIVideoApiOptions>>().Get("videos");
        var generator = provider.GetRequiredKeyedService<IVideoGenerator>("videos");

        Assert.Equal(VideoNormalization.Nearest, options.Normalization);
        Assert.Equal(new Uri("https://eu.aivideoapi.test"), generator.GetRequiredService<VideoGeneratorMetadata>().Endpoint);
        Assert.Equal("videos", generator.GetRequiredService<VideoGeneratorMetadata>().ProviderName);
    }

    [Fact]
    public void EveryGateway_CoexistsInOneContainer()
    {
        var services = new ServiceCollection();
        services.AddSoraClient()
            .AddOpenAI("apiyi", o => o.ApiKey = Key)
            .AddAceData("acedata", o => o.ApiKey = Key)
            .AddAIVideoApi("aivideoapi", o => o.ApiKey = Key);
        using var provider = services.BuildServiceProvider();

        Assert.IsType<OpenAIVideoGenerator>(provider.GetRequiredKeyedService<IVideoGenerator>("apiyi"));
        Assert.IsType<SoraClient.Providers.AceData.AceDataVideoGenerator>(provider.GetRequiredKeyedService<IVideoGenerator>("acedata"));
        Assert.IsType<AIVideoApiVideoGenerator>(provider.GetRequiredKeyedService<IVideoGenerator>("aivideoapi"));
    }
}
