using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraClient.Providers.GrsAI;
using SoraClient.Testing;

namespace SoraClient.Tests.DependencyInjection;

public sealed class GrsAIDependencyInjectionTests
{
    private const string Key = "sk-grsai-test-1234567890";

    [Fact]
    public void AddGrsAI_WithoutName_RegistersDefaultAndKeyedSingletonWithItsFeatures()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddGrsAI(o => o.ApiKey = Key);
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var generator = provider.GetRequiredService<IVideoGenerator>();

        Assert.IsType<GrsAIVideoGenerator>(generator);
        Assert.Same(generator, provider.GetRequiredKeyedService<IVideoGenerator>("grsai"));
        Assert.Equal("grsai", generator.GetRequiredService<VideoGeneratorMetadata>().ProviderName);
        Assert.Equal(new Uri("https://grsaiapi.com/"), generator.GetRequiredService<VideoGeneratorMetadata>().Endpoint);
        Assert.NotNull(generator.GetService<IVideoCharacterClient>());
        Assert.NotNull(generator.GetService<IVideoStreamingGenerator>());
    }

    [Fact]
    public void AddGrsAI_ConfigurationSection_BindsEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sora:GrsAI:ApiKey"] = Key,
            ["Sora:GrsAI:Endpoint"] = "https://grsai.dakka.com.cn",
            ["Sora:GrsAI:DeliveryMode"] = "Streaming",
            ["Sora:GrsAI:NotFoundGracePeriod"] = "00:01:00",
            ["Sora:GrsAI:StreamIdleTimeout"] = "00:05:00",
            ["Sora:GrsAI:ResultLifetime"] = "01:00:00",
            ["Sora:GrsAI:CharacterTimeout"] = "00:03:00",
            ["Sora:GrsAI:Normalization"] = "Nearest",
            ["Sora:GrsAI:MaxRetries"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddSoraClient().AddGrsAI("grsai-cn", configuration.GetSection("Sora:GrsAI"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<GrsAIOptions>>().Get("grsai-cn");
        var metadata = provider.GetRequiredKeyedService<IVideoGenerator>("grsai-cn").GetRequiredService<VideoGeneratorMetadata>();

        Assert.Equal(GrsAIEndpoints.Mainland, options.Endpoint);
        Assert.Equal(VideoDeliveryMode.Streaming, options.DeliveryMode);
        Assert.Equal(TimeSpan.FromMinutes(1), options.NotFoundGracePeriod);
        Assert.Equal(TimeSpan.FromMinutes(5), options.StreamIdleTimeout);
        Assert.Equal(TimeSpan.FromHours(1), options.ResultLifetime);
        Assert.Equal(TimeSpan.FromMinutes(3), options.CharacterTimeout);
        Assert.Equal(VideoNormalization.Nearest, options.Normalization);
        Assert.Equal(VideoDeliveryMode.Streaming, metadata.DefaultDeliveryMode);
        Assert.Equal("grsai-cn", metadata.ProviderName);
        Assert.Null(provider.GetService<IVideoGenerator>());
    }

    [Fact]
    public async Task AddGrsAI_InvalidOptions_FailHostStartNamingTheSettings()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSoraClient().AddGrsAI("grsai", o => o.DeliveryMode = VideoDeliveryMode.Webhook);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("GrsAIOptions 'grsai': the API key is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeliveryMode Webhook cannot be a default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGrsAI_BesideOpenAI_UsesItsNamedClientAndMiddleware()
    {
        var stub = new StubHttpHandler().OnJson(HttpMethod.Post, "/v1/draw/result", 200,
            """{"code":0,"msg":"success","data":{"id":"t1","status":"running","progress":10,"results":[]}}""");
        var logs = new TestLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var soraClient = services.AddSoraClient();
        soraClient.AddOpenAI("apiyi", o => o.ApiKey = "sk-other");
        var registration = soraClient.AddGrsAI(o => o.ApiKey = Key).UseLogging();
        registration.HttpClient.ConfigurePrimaryHttpMessageHandler(() => stub);
        using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IVideoGenerator>();
        var job = await generator.GetJobAsync("t1");

        Assert.IsType<LoggingVideoGenerator>(generator);
        Assert.NotNull(generator.GetService<GrsAIVideoGenerator>());
        Assert.NotNull(generator.GetService<IVideoCharacterClient>());
        Assert.Equal(10, job.Progress);
        Assert.Equal("Bearer " + Key, Assert.Single(stub.Requests).Header("Authorization"));
        Assert.DoesNotContain(Key, logs.AllText, StringComparison.Ordinal);
    }
}
