using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Middleware;

public sealed class OpenTelemetryVideoGeneratorTests : IDisposable
{
    private const string Prompt = "A confidential product launch";
    private readonly string _provider = "otel-" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;

    public OpenTelemetryVideoGeneratorTests()
    {
        // every test names its own provider, so spans of tests running in parallel are told apart
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SoraClientTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("gen_ai.provider.name"), _provider))
                {
                    _activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private TestVideoGenerator Inner() => new()
    {
        Metadata = new VideoGeneratorMetadata(_provider, new Uri("https://gateway.test/v1"), "sora-2", [], [VideoDeliveryMode.Polling]),
    };

    [Fact]
    public async Task SubmitAsync_RecordsOneSpanWithGenAIAttributesAndNoPrompt()
    {
        var inner = Inner();
        inner.SubmitAsyncCallback = (_, _, _) => Task.FromResult(Jobs.Create(VideoJobStatus.Queued) with { Model = "sora-2" });
        using var generator = inner.AsBuilder().UseOpenTelemetry().Build();

        await generator.SubmitAsync(new VideoGenerationRequest(Prompt));

        var span = Assert.Single(_activities);
        Assert.Equal("generate_content sora-2", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("generate_content", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("sora-2", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(Jobs.Id, span.GetTagItem("gen_ai.response.id"));
        Assert.Equal("Queued", span.GetTagItem("sora.job.status"));
        Assert.Equal("gateway.test", span.GetTagItem("server.address"));
        Assert.DoesNotContain(span.Tags, t => t.Value?.Contains("confidential", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task SubmitAsync_SensitiveDataEnabled_RecordsThePrompt()
    {
        var inner = Inner();
        inner.SubmitAsyncCallback = (_, _, _) => Task.FromResult(Jobs.Create(VideoJobStatus.Queued));
        using var generator = inner.AsBuilder().UseOpenTelemetry(configure: o => o.EnableSensitiveData = true).Build();

        await generator.SubmitAsync(new VideoGenerationRequest(Prompt));

        Assert.Equal(Prompt, Assert.Single(_activities).GetTagItem("gen_ai.prompt"));
    }

    [Fact]
    public async Task GetJobAsync_Failure_MarksTheSpanAsAnErrorWithItsType()
    {
        var inner = Inner();
        inner.GetJobAsyncCallback = (_, _) => throw new VideoJobNotFoundException(_provider, "no such video", 404);
        using var generator = inner.AsBuilder().UseOpenTelemetry().Build();

        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync("video_9"));

        var span = Assert.Single(_activities);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(VideoJobNotFoundException).FullName, span.GetTagItem("error.type"));
        Assert.Equal("video_9", span.GetTagItem("gen_ai.response.id"));
    }

    [Fact]
    public async Task Metrics_RecordOperationDuration()
    {
        var sourceName = "otel-meter-" + Guid.NewGuid().ToString("N");
        var measurements = new ConcurrentQueue<(double Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == sourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((_, value, tags, _) => measurements.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meterListener.Start();
        var inner = Inner();
        inner.GetJobAsyncCallback = (_, _) => Task.FromResult(Jobs.Create(VideoJobStatus.Running, 40));
        using var generator = inner.AsBuilder().UseOpenTelemetry(sourceName).Build();

        await generator.GetJobAsync(Jobs.Id);

        var (value, tags) = Assert.Single(measurements);
        Assert.True(value >= 0);
        Assert.Equal("get_video_job", tags["gen_ai.operation.name"]);
        Assert.Equal(_provider, tags["gen_ai.provider.name"]);
    }

    [Fact]
    public async Task UseOpenTelemetry_OnARegistration_WrapsItsGenerator()
    {
        var stub = new SoraClient.Testing.StubHttpHandler().OnJson(HttpMethod.Get, "/v1/videos/video_1", 200,
            """{"id":"video_1","object":"video","model":"sora-2","status":"in_progress","progress":10}""");
        var services = new ServiceCollection();
        services.AddSoraClient().AddOpenAI(_provider, o => o.ApiKey = "sk-test-1234567890abcdef")
            .UseOpenTelemetry()
            .HttpClient.ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredKeyedService<IVideoGenerator>(_provider);
        await generator.GetJobAsync("video_1");

        Assert.IsType<OpenTelemetryVideoGenerator>(generator);
        var span = Assert.Single(_activities, a => Equals(a.GetTagItem("gen_ai.operation.name"), "get_video_job"));
        Assert.Equal("Running", span.GetTagItem("sora.job.status"));
        Assert.Equal(10, span.GetTagItem("sora.job.progress"));
    }
}
