using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Tests.DependencyInjection;

/// <summary>
/// <see cref="VideoModelCapabilities"/> and <see cref="VideoSizeOption"/> bound from configuration through the binding
/// source generator, which sets <c>init</c> members only in some shapes: every member is checked, set and left out.
/// </summary>
public sealed class ModelConfigurationBindingTests
{
    [Fact]
    public void Models_FromConfiguration_BindEveryMember()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Models:0:Model"] = "my-deployment",
            ["Models:0:Durations:0"] = "5",
            ["Models:0:Durations:1"] = "10",
            ["Models:0:DefaultDuration"] = "10",
            ["Models:0:Sizes:0:Name"] = "1920x1080",
            ["Models:0:Sizes:0:AspectRatio"] = "Landscape",
            ["Models:0:Sizes:0:Resolution"] = "FullHd",
            ["Models:0:Sizes:0:Width"] = "1920",
            ["Models:0:Sizes:0:Height"] = "1080",
            ["Models:0:Sizes:0:PricePerSecond"] = "0.7",
            ["Models:0:Sizes:1:Name"] = "tall",
            ["Models:0:Sizes:1:AspectRatio"] = "Portrait",
            ["Models:0:Sizes:1:Resolution"] = "Standard",
            ["Models:0:DefaultSize"] = "tall",
            ["Models:0:SupportsImageInput"] = "true",
            ["Models:0:SupportsRemix"] = "true",
            ["Models:0:MaxCharacters"] = "2",
            ["Models:0:SupportsCallbacks"] = "true",
            ["Models:0:PricePerClip"] = "0.25",
            ["Models:0:PricePerSecond"] = "0.5",
            ["Models:0:Currency"] = "CNY",
            ["Models:0:ProviderSettings:version"] = "2.0",
            ["Models:0:ProviderSettings:tier"] = "pro",
        });

        var model = Assert.Single(options.Models);
        Assert.Equal("my-deployment", model.Model);
        Assert.Equal([5, 10], model.Durations);
        Assert.Equal(10, model.DefaultDuration);
        Assert.Equal("tall", model.DefaultSize);
        Assert.True(model.SupportsImageInput);
        Assert.True(model.SupportsRemix);
        Assert.Equal(2, model.MaxCharacters);
        Assert.True(model.SupportsCallbacks);
        Assert.Equal(0.25m, model.PricePerClip);
        Assert.Equal(0.5m, model.PricePerSecond);
        Assert.Equal("CNY", model.Currency);
        Assert.Equal(["tier=pro", "version=2.0"], model.ProviderSettings!.Select(s => $"{s.Key}={s.Value}").Order(StringComparer.Ordinal));
        Assert.Collection(
            model.Sizes,
            size => Assert.Equal(VideoSizeOption.Pixels(1920, 1080, VideoResolution.FullHd, 0.7m), size),
            size => Assert.Equal(new VideoSizeOption("tall", VideoAspectRatio.Portrait, VideoResolution.Standard), size));
    }

    [Fact]
    public void Models_FromConfiguration_LeaveUnnamedMembersAtTheirDefaults()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Models:0:Model"] = "plain",
            ["Models:0:Durations:0"] = "4",
            ["Models:0:DefaultDuration"] = "4",
            ["Models:0:Sizes:0:Name"] = "9:16",
            ["Models:0:Sizes:0:AspectRatio"] = "Portrait",
            ["Models:0:Sizes:0:Resolution"] = "Standard",
            ["Models:0:DefaultSize"] = "9:16",
        });

        var model = Assert.Single(options.Models);
        var expected = new VideoModelCapabilities("plain", model.Durations, 4, model.Sizes, "9:16");
        Assert.Equal(expected, model);
        Assert.Equal("USD", model.Currency);
        Assert.Null(model.ProviderSettings);
        Assert.Equal([4], model.Durations);
        Assert.Equal(new VideoSizeOption("9:16", VideoAspectRatio.Portrait, VideoResolution.Standard), Assert.Single(model.Sizes));
    }

    [Fact]
    public void Models_FromConfiguration_MissingMandatoryMember_FailsNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new Dictionary<string, string?>
        {
            ["Models:0:Model"] = "no-sizes",
            ["Models:0:Durations:0"] = "4",
            ["Models:0:DefaultDuration"] = "4",
            ["Models:0:DefaultSize"] = "9:16",
        }));

        Assert.Contains("parameter 'Sizes' has no matching config", error.Message, StringComparison.Ordinal);
    }

    private static OpenAIOptions Bind(Dictionary<string, string?> models)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(models.Select(m => KeyValuePair.Create("Sora:Gateway:" + m.Key, m.Value)).Append(KeyValuePair.Create("Sora:Gateway:ApiKey", (string?)"sk-test-1234567890")))
            .Build();
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI("gateway", configuration.GetSection("Sora:Gateway"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<OpenAIOptions>>().Get("gateway");
    }
}
