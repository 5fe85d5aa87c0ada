using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoraClient.Providers.AceData;

namespace SoraClient.Tests.DependencyInjection;

public sealed class AceDataDependencyInjectionTests
{
    private const string Key = "sk-acedata-1234567890abcdef";

    [Fact]
    public void AddAceData_WithoutName_RegistersDefaultAndKeyedSingleton()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddAceData(o => o.ApiKey = Key);
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var generator = provider.GetRequiredService<IVideoGenerator>();

        Assert.IsType<AceDataVideoGenerator>(generator);
        Assert.Same(generator, provider.GetRequiredKeyedService<IVideoGenerator>("acedata"));
        Assert.Equal(AceDataOptions.DefaultEndpoint, generator.GetRequiredService<VideoGeneratorMetadata>().Endpoint);
        Assert.NotNull(generator.GetService<IVideoJobBatchReader>());
    }

    [Fact]
    public void AddAceData_ConfigurationSection_BindsVersionBatchSizeAndModelVariants()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sora:AceData:ApiKey"] = Key,
            ["Sora:AceData:Version"] = "2.0",
            ["Sora:AceData:MaxBatchSize"] = "20",
            ["Sora:AceData:Models:0:Model"] = "sora-2",
            ["Sora:AceData:Models:0:Durations:0"] = "4",
            ["Sora:AceData:Models:0:Durations:1"] = "8",
            ["Sora:AceData:Models:0:DefaultDuration"] = "8",
            ["Sora:AceData:Models:0:DefaultSize"] = "1280x720",
            ["Sora:AceData:Models:0:PricePerClip"] = "0.04",
            ["Sora:AceData:Models:0:Sizes:0:Name"] = "1280x720",
            ["Sora:AceData:Models:0:Sizes:0:Width"] = "1280",
            ["Sora:AceData:Models:0:Sizes:0:Height"] = "720",
            ["Sora:AceData:Models:0:Sizes:0:AspectRatio"] = "Landscape",
            ["Sora:AceData:Models:0:Sizes:0:Resolution"] = "Standard",
            ["Sora:AceData:Models:0:ProviderSettings:version"] = "2.0",
        }).Build();
        var services = new ServiceCollection();
        services.AddSoraClient().AddAceData("acedata", configuration.GetSection("Sora:AceData"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<AceDataOptions>>().Get("acedata");
        var generator = provider.GetRequiredKeyedService<IVideoGenerator>("acedata");
        var metadata = generator.GetRequiredService<VideoGeneratorMetadata>();

        Assert.Equal("2.0", options.Version);
        Assert.Equal(20, generator.GetRequiredService<IVideoJobBatchReader>().MaxBatchSize);
        var model = Assert.Single(metadata.Models, m => m.Model == "sora-2");
        Assert.Equal("2.0", model.ProviderSettings!["version"]);
        Assert.Equal([4, 8], model.Durations);
        Assert.Equal(0.04m, generator.EstimateCost(new VideoGenerationRequest("x"))!.Amount);
    }

    [Fact]
    public void AddAceData_UnknownVersion_IsReportedOnResolve()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddAceData("acedata", o => { o.ApiKey = Key; o.Version = "3.0"; });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IVideoGenerator>("acedata"));

        Assert.Contains("AceDataOptions 'acedata': Version '3.0' is not a version of any model (1.0, 2.0).", error.Message, StringComparison.Ordinal);
    }
}
