using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SoraClient.AspNetCore.Tests;

/// <summary>Webhook options are bound from configuration and checked at start; each message names the setting.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("", "set PublicBaseUri (with SigningKeys)")]
    [InlineData("PublicBaseUri=https://app.example/", "SigningKeys must hold at least one key")]
    [InlineData("PublicBaseUri=https://app.example/;SigningKeys:0=short", "SigningKeys[0] must be at least 32 characters")]
    [InlineData("PublicBaseUri=ftp://app.example/;SigningKeys:0=0123456789abcdef0123456789abcdef", "PublicBaseUri must be an absolute http or https URL")]
    [InlineData("WebhookSecrets:0=secret-without-prefix", "WebhookSecrets[0] must be 'whsec_' followed by base64")]
    [InlineData("WebhookSecrets:0=whsec_c2VjcmV0;Path=sora", "Path must start with '/'")]
    [InlineData("WebhookSecrets:0=whsec_c2VjcmV0;SafetyPollInterval=00:00:00", "SafetyPollInterval must be positive")]
    public async Task Start_WithBadSettings_FailsNamingTheSetting(string settings, string expected)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('=', 2)).Select(kv => KeyValuePair.Create($"Sora:Webhooks:{kv[0]}", (string?)kv[1])));
        builder.Services.AddSoraClient()
            .AddAceData("acedata", o => (o.ApiKey, o.Endpoint) = ("k", new Uri("http://127.0.0.1:9/")))
            .AddWebhooks(builder.Configuration.GetSection("Sora:Webhooks"));
        await using var app = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'acedata'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithSettingsFromConfiguration_BindsThem()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sora:Webhooks:PublicBaseUri"] = "https://app.example/base/",
            ["Sora:Webhooks:SigningKeys:0"] = "0123456789abcdef0123456789abcdef",
            ["Sora:Webhooks:SafetyPollInterval"] = "00:05:00",
        });
        builder.Services.AddSoraClient()
            .AddAceData("acedata", o => (o.ApiKey, o.Endpoint) = ("k", new Uri("http://127.0.0.1:9/")))
            .AddWebhooks(builder.Configuration.GetSection("Sora:Webhooks"));
        await using var app = builder.Build();
        app.MapSoraWebhooks();
        await app.StartAsync();

        var generator = app.Services.GetRequiredKeyedService<IVideoGenerator>("acedata");

        Assert.Equal(TimeSpan.FromMinutes(5), Assert.IsAssignableFrom<IVideoJobUpdateSource>(generator.GetService(typeof(IVideoJobUpdateSource))).SafetyPollInterval);
        await app.StopAsync();
    }

    [Fact]
    public void MapSoraWebhooks_OnAnotherPathThanTheSetting_Throws()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSoraClient()
            .AddOpenAI("openai", o => (o.ApiKey, o.Endpoint) = ("k", new Uri("http://127.0.0.1:9/")))
            .AddWebhooks(o => o.WebhookSecrets = ["whsec_c2VjcmV0"]);
        using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapSoraWebhooks("/hooks"));

        Assert.Contains("Path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapSoraWebhooks_WithoutAddWebhooks_Throws()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapSoraWebhooks());

        Assert.Contains("AddWebhooks", ex.Message, StringComparison.Ordinal);
    }
}
