using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.Tests.DependencyInjection;

public sealed class SoraClientDependencyInjectionPatterns
{
    private const string Key = "sk-test-1234567890abcdef";

    [Fact]
    public void AddOpenAI_WithoutName_RegistersDefaultAndKeyedSingleton()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI(o => o.ApiKey = Key);
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var generator = provider.GetRequiredService<IVideoGenerator>();

        Assert.IsType<OpenAIVideoGenerator>(generator);
        Assert.Same(generator, provider.GetRequiredService<IVideoGenerator>());
        Assert.Same(generator, provider.GetRequiredKeyedService<IVideoGenerator>("openai"));
        Assert.Equal("openai", generator.GetRequiredService<VideoGeneratorMetadata>().ProviderName);
    }

    [Fact]
    public void AddOpenAI_Named_RegistersKeyedOnlyAndInstancesCoexist()
    {
        var services = new ServiceCollection();
        services.AddSoraClient()
            .AddOpenAI("apiyi", o => { o.ApiKey = Key; o.Endpoint = new Uri("https://api.apiyi.com/v1"); })
            .AddOpenAI("azure", o => { o.ApiKey = Key; o.Endpoint = new Uri("https://res.openai.azure.com/openai/v1"); });
        using var provider = services.BuildServiceProvider();

        var apiyi = provider.GetRequiredKeyedService<IVideoGenerator>("apiyi");
        var azure = provider.GetRequiredKeyedService<IVideoGenerator>("azure");

        Assert.NotSame(apiyi, azure);
        Assert.Equal(new Uri("https://api.apiyi.com/v1"), apiyi.GetRequiredService<VideoGeneratorMetadata>().Endpoint);
        Assert.Equal("azure", azure.GetRequiredService<VideoGeneratorMetadata>().ProviderName);
        Assert.Null(provider.GetService<IVideoGenerator>());
    }

    [Fact]
    public void AddOpenAI_ConfigurationSection_BindsEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sora:Azure:ApiKey"] = Key,
            ["Sora:Azure:Endpoint"] = "https://res.openai.azure.com/openai/v1",
            ["Sora:Azure:DefaultModel"] = "my-deployment",
            ["Sora:Azure:Normalization"] = "Nearest",
            ["Sora:Azure:RequestTimeout"] = "00:00:30",
            ["Sora:Azure:MaxRetries"] = "1",
            ["Sora:Azure:Authentication"] = "ApiKeyHeader",
            ["Sora:Azure:Models:0:Model"] = "my-deployment",
            ["Sora:Azure:Models:0:Durations:0"] = "4",
            ["Sora:Azure:Models:0:Durations:1"] = "8",
            ["Sora:Azure:Models:0:DefaultDuration"] = "4",
            ["Sora:Azure:Models:0:DefaultSize"] = "1280x720",
            ["Sora:Azure:Models:0:PricePerSecond"] = "0.1",
            ["Sora:Azure:Models:0:Sizes:0:Name"] = "1280x720",
            ["Sora:Azure:Models:0:Sizes:0:Width"] = "1280",
            ["Sora:Azure:Models:0:Sizes:0:Height"] = "720",
            ["Sora:Azure:Models:0:Sizes:0:AspectRatio"] = "Landscape",
            ["Sora:Azure:Models:0:Sizes:0:Resolution"] = "Standard",
        }).Build();
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI("azure", configuration.GetSection("Sora:Azure"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<OpenAIOptions>>().Get("azure");
        var metadata = provider.GetRequiredKeyedService<IVideoGenerator>("azure").GetRequiredService<VideoGeneratorMetadata>();

        Assert.Equal(VideoNormalization.Nearest, options.Normalization);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        Assert.Equal(OpenAIAuthentication.ApiKeyHeader, options.Authentication);
        Assert.Equal("my-deployment", metadata.DefaultModel);
        var model = metadata.FindModel("my-deployment")!;
        Assert.Equal([4, 8], model.Durations);
        Assert.Equal(VideoAspectRatio.Landscape, model.FindSize("1280x720")!.AspectRatio);
        Assert.Equal(0.1m, model.PricePerSecond);
    }

    [Fact]
    public async Task AddOpenAI_MissingApiKey_FailsHostStartNamingTheSetting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSoraClient().AddOpenAI("apiyi", o => o.Endpoint = new Uri("https://api.apiyi.com/v1"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("OpenAIOptions 'apiyi': the API key is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAIOptions.ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOpenAI_InvalidModelData_IsReportedOnResolve()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI(o =>
        {
            o.ApiKey = Key;
            o.DefaultModel = "nope";
            o.Models.Add(OpenAIModels.Sora2 with { Model = "broken", DefaultDuration = 7 });
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IVideoGenerator>());

        Assert.Contains("DefaultDuration 7 is not one of its Durations", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultModel 'nope' is not a known model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOpenAI_NameWithColon_Throws()
    {
        var builder = new ServiceCollection().AddSoraClient();

        Assert.Throws<ArgumentException>(() => builder.AddOpenAI("a:b", o => o.ApiKey = Key));
    }

    [Fact]
    public async Task AddOpenAI_NamedHttpClientAndMiddleware_AreUsed()
    {
        var stub = new StubHttpHandler().OnJson(HttpMethod.Get, "/v1/videos/video_1", 200,
            """{"id":"video_1","object":"video","model":"sora-2","status":"in_progress","progress":10}""");
        var logs = new TestLoggerProvider();
        var time = new ManualTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var registration = services.AddSoraClient().AddOpenAI("apiyi", o => { o.ApiKey = Key; o.Endpoint = new Uri("https://api.apiyi.com/v1"); }).UseLogging();
        registration.HttpClient.ConfigurePrimaryHttpMessageHandler(() => stub);
        using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredKeyedService<IVideoGenerator>("apiyi");
        var job = await generator.GetJobAsync("video_1");

        Assert.IsType<LoggingVideoGenerator>(generator);
        Assert.NotNull(generator.GetService<OpenAIVideoGenerator>());
        Assert.Same(time, generator.GetService<TimeProvider>());
        Assert.Equal("apiyi", registration.Name);
        Assert.Equal(10, job.Progress);
        Assert.Equal("Bearer " + Key, Assert.Single(stub.Requests).Header("Authorization"));
        Assert.Contains(logs.Entries, e => e.Contains("apiyi job video_1: Running 10%", StringComparison.Ordinal));
        Assert.DoesNotContain(Key, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void JobReference_ResolvesItsGeneratorByRegistrationName()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI("apiyi", o => o.ApiKey = Key);
        using var provider = services.BuildServiceProvider();

        var reference = VideoJobReference.Parse("apiyi:video_123");
        var generator = provider.GetRequiredKeyedService<IVideoGenerator>(reference.Provider);

        Assert.Equal("apiyi", generator.GetRequiredService<VideoGeneratorMetadata>().ProviderName);
    }
}
