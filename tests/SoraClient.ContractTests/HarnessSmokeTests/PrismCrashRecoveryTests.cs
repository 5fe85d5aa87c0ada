using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SoraClient.ContractTests.Harness;

namespace SoraClient.ContractTests.HarnessSmokeTests;

/// <summary>
/// Prism 5.14.2 (and 5.16.0: same parser, parse-multipart-data 1.5.0) dies on a multipart file part whose
/// <c>filename</c> is not in double quotes, which is what .NET's <c>MultipartFormDataContent.Add(content, name, fileName)</c>
/// writes (<c>filename=reference.png; filename*=utf-8''reference.png</c>). The harness notices and restarts it on the
/// same port. Uses a private Prism so the shared one is untouched.
/// </summary>
[Collection(SharedPrism.Name)]
public sealed class PrismCrashRecoveryTests(PrismFixture shared) : ContractTest(shared)
{
    [Fact]
    public async Task A_request_that_kills_prism_is_reported_and_prism_restarts_on_the_same_port()
    {
        using var prism = await PrismServer.StartAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test");
        var videos = new Uri(prism.OpenAIBaseUri + "/videos");

        var file = new ByteArrayContent([1, 2, 3]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var dotnetDefaultForm = new MultipartFormDataContent
        {
            { new StringContent("a cat"), "prompt" },
            { file, "input_reference", "reference.png" },
        };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(videos, dotnetDefaultForm));

        var waited = Stopwatch.StartNew();
        while (prism.IsRunning && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.False(prism.IsRunning);
        var deadOutput = await prism.EnsureRunningAsync();
        Assert.NotNull(deadOutput);
        Assert.Contains("parse-multipart-data", deadOutput, StringComparison.Ordinal); // the stack trace of the crash
        Assert.Equal(1, prism.Restarts);
        Assert.True(prism.IsRunning);

        using var valid = await http.PostAsync(videos, new StringContent("""{"prompt":"x"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Null(await prism.EnsureRunningAsync());
    }
}
