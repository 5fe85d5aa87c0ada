using System.Net;
using System.Text.Json;
using SoraClient.Emulator;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class OpenAIRemixListDeleteTests
{
    [Fact]
    public async Task Remix_CompletedSource_CreatesNewQueuedVideoRemixedFromIt()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var sourceId = await harness.CreateCompletedVideoIdAsync("""{"prompt":"a cat","model":"sora-2-pro","seconds":"8","size":"1792x1024"}""");

        using var response = await harness.PostJsonAsync($"videos/{sourceId}/remix", """{"prompt":"the same cat, at night"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("openai-poll-after-ms"));
        var remix = await EmulatorHarness.ReadJsonAsync(response);
        Assert.NotEqual(sourceId, remix.GetProperty("id").GetString(), StringComparer.Ordinal);
        Assert.Equal(sourceId, remix.GetProperty("remixed_from_video_id").GetString());
        Assert.Equal("queued", remix.GetProperty("status").GetString());
        Assert.Equal("the same cat, at night", remix.GetProperty("prompt").GetString());
        Assert.Equal(("sora-2-pro", "8", "1792x1024"), (remix.GetProperty("model").GetString(), remix.GetProperty("seconds").GetString(), remix.GetProperty("size").GetString()));
        Assert.Equal(2, harness.Emulator.Jobs.CreatedCount(EmulatorProtocols.OpenAI));

        harness.Time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal("completed", (await harness.GetVideoAsync(remix.GetProperty("id").GetString()!)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Remix_Multipart_IsAccepted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var sourceId = await harness.CreateCompletedVideoIdAsync();
        using var form = new MultipartFormDataContent { { new StringContent("again"), "prompt" } };

        using var response = await harness.Http.PostAsync($"videos/{sourceId}/remix", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Remix_SourceStillRunning_Returns400()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var sourceId = await harness.CreateVideoIdAsync();

        using var response = await harness.PostJsonAsync($"videos/{sourceId}/remix", """{"prompt":"again"}""");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "video_id", code: null);
        Assert.Equal(1, harness.Emulator.Jobs.TotalCreated);
    }

    [Fact]
    public async Task Remix_UnknownSource_Returns404()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.PostJsonAsync("videos/video_nope/remix", """{"prompt":"again"}""");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.NotFound, "video_id", code: null);
    }

    [Theory]
    [InlineData("""{}""", "missing_required_parameter")]
    [InlineData("""{"prompt":""}""", "string_below_min_length")]
    [InlineData("""{"prompt":1}""", "invalid_type")]
    public async Task Remix_InvalidPrompt_Returns400(string body, string code)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var sourceId = await harness.CreateCompletedVideoIdAsync();

        using var response = await harness.PostJsonAsync($"videos/{sourceId}/remix", body);

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "prompt", code);
    }

    [Fact]
    public async Task List_Empty_ReturnsEmptyListShape()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.Http.GetAsync("videos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await EmulatorHarness.ReadJsonAsync(response);
        EmulatorHarness.AssertKeys(list, ["object", "data", "first_id", "last_id", "has_more"]);
        Assert.Equal("list", list.GetProperty("object").GetString());
        Assert.Equal(0, list.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("first_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, list.GetProperty("last_id").ValueKind);
        Assert.False(list.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task List_DefaultOrder_IsNewestFirst()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var ids = await CreateVideosAsync(harness, 3);

        var list = await ListAsync(harness, "videos");

        Assert.Equal(ids.AsEnumerable().Reverse(), Ids(list), StringComparer.Ordinal);
        Assert.False(list.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task List_PagedAscendingWithAfter_WalksEveryVideoOnce()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var ids = await CreateVideosAsync(harness, 5);

        var first = await ListAsync(harness, "videos?limit=2&order=asc");
        var second = await ListAsync(harness, $"videos?limit=2&order=asc&after={first.GetProperty("last_id").GetString()}");
        var third = await ListAsync(harness, $"videos?limit=2&order=asc&after={second.GetProperty("last_id").GetString()}");

        Assert.Equal(ids[..2], Ids(first));
        Assert.Equal(ids[0], first.GetProperty("first_id").GetString());
        Assert.Equal(ids[1], first.GetProperty("last_id").GetString());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[2..4], Ids(second));
        Assert.True(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[4..], Ids(third));
        Assert.False(third.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task List_DescendingWithAfter_ContinuesToOlderVideos()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var ids = await CreateVideosAsync(harness, 3);

        var page = await ListAsync(harness, $"videos?order=desc&after={ids[2]}");

        Assert.Equal([ids[1], ids[0]], Ids(page));
    }

    [Fact]
    public async Task List_LimitZero_ReturnsNoItemsButHasMore()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await CreateVideosAsync(harness, 1);

        var page = await ListAsync(harness, "videos?limit=0");

        Assert.Empty(Ids(page));
        Assert.True(page.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task List_ItemsAreFullVideoObjectsWithCurrentState()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await CreateVideosAsync(harness, 1);
        harness.Time.Advance(TimeSpan.FromSeconds(8));

        var item = (await ListAsync(harness, "videos")).GetProperty("data")[0];

        Assert.Equal(13, item.EnumerateObject().Count());
        Assert.Equal("completed", item.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("order=newest", "order")]
    public async Task List_InvalidQuery_Returns400(string query, string param)
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.Http.GetAsync($"videos?{query}");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, param, "invalid_value");
    }

    [Fact]
    public async Task Delete_Completed_ReturnsDeletedAndTheVideoIsGone()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync();

        using var response = await harness.Http.DeleteAsync($"videos/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deleted = await EmulatorHarness.ReadJsonAsync(response);
        EmulatorHarness.AssertKeys(deleted, ["object", "deleted", "id"]);
        Assert.Equal("video.deleted", deleted.GetProperty("object").GetString());
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal(id, deleted.GetProperty("id").GetString());
        using var after = await harness.Http.GetAsync($"videos/{id}");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Empty(Ids(await ListAsync(harness, "videos")));
    }

    [Fact]
    public async Task Delete_Failed_IsAllowed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateVideoIdAsync();
        harness.Emulator.Jobs.Fail(id);

        using var response = await harness.Http.DeleteAsync($"videos/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task Delete_QueuedOrInProgress_Returns400AndKeepsTheVideo(int secondsAfterCreate)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateVideoIdAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(secondsAfterCreate));

        using var response = await harness.Http.DeleteAsync($"videos/{id}");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.BadRequest, "video_id", code: null);
        await harness.GetVideoAsync(id);
    }

    [Fact]
    public async Task Delete_Unknown_Returns404()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.Http.DeleteAsync("videos/video_nope");

        await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.NotFound, "video_id", code: null);
    }

    private static async Task<string[]> CreateVideosAsync(EmulatorHarness harness, int count)
    {
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = await harness.CreateVideoIdAsync($$"""{"prompt":"video {{i}}"}""");
        }

        return ids;
    }

    private static async Task<JsonElement> ListAsync(EmulatorHarness harness, string path)
    {
        using var response = await harness.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await EmulatorHarness.ReadJsonAsync(response);
    }

    private static string[] Ids(JsonElement list) =>
        [.. list.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()!)];
}
