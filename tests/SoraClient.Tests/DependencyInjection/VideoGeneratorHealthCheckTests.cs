using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SoraClient.Tests.DependencyInjection;

public sealed class VideoGeneratorHealthCheckTests
{
    [Fact]
    public async Task ConfiguredRegistration_IsHealthyWithoutSendingAnything()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI("apiyi", o => { o.ApiKey = "sk-test-1234567890abcdef"; o.Endpoint = new Uri("https://api.apiyi.com/v1"); });
        await using var provider = services.BuildServiceProvider();
        var registration = VideoGeneratorHealthCheck.Registration("apiyi");

        var result = await registration.Factory(provider).CheckHealthAsync(new HealthCheckContext { Registration = registration });

        Assert.Equal("sora:apiyi", registration.Name);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("https://api.apiyi.com/v1", result.Data["endpoint"]);
    }

    [Fact]
    public async Task MissingKey_IsUnhealthyNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddGrsAI(o => o.Endpoint = new Uri("https://grsai.dakka.com.cn"));
        await using var provider = services.BuildServiceProvider();
        var registration = VideoGeneratorHealthCheck.Registration("grsai");

        var result = await registration.Factory(provider).CheckHealthAsync(new HealthCheckContext { Registration = registration });

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("the API key is missing", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRegistration_IsUnhealthyNamingTheRegisteredOnes()
    {
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI("apiyi", o => o.ApiKey = "sk-test-1234567890abcdef");
        await using var provider = services.BuildServiceProvider();
        var registration = VideoGeneratorHealthCheck.Registration("azure");

        var result = await registration.Factory(provider).CheckHealthAsync(new HealthCheckContext { Registration = registration });

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("(registered: apiyi)", result.Description, StringComparison.Ordinal);
    }
}
