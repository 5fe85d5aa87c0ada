using System.Net.Http.Headers;

namespace SoraClient.ContractTests.Harness;

/// <summary>Assertions on responses from <see cref="PrismServer"/>.</summary>
public static class PrismAssert
{
    /// <summary>
    /// Fails when Prism generated the response because the request breaks the spec (a 422 with its violations, a 401
    /// for a missing bearer token, a 404 for an unknown path, ...). The message lists every violation.
    /// Reading the body buffers it, so the caller can still read it afterwards.
    /// </summary>
    public static async Task NoViolationsAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var problem = await ReadProblemAsync(response);
        if (problem is not null)
        {
            Assert.Fail($"Prism rejected {Describe(response.RequestMessage)}: {problem.Describe()}");
        }
    }

    /// <summary>Asserts that Prism answered 422 because of schema violations, and returns them.</summary>
    public static async Task<IReadOnlyList<PrismViolation>> ViolationsAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var problem = await ReadProblemAsync(response);
        if (problem is null || problem.Status != 422 || problem.Violations.Count == 0)
        {
            var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected Prism to reject {Describe(response.RequestMessage)} with 422 and violations, " +
                        $"but it answered {(int)response.StatusCode}: {body}");
        }

        return problem.Violations;
    }

    /// <summary>The Prism-generated problem in the response, or null when the response is an ordinary mock answer.</summary>
    public static async Task<PrismProblem?> ReadProblemAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!IsProblemJson(response.Content?.Headers.ContentType))
        {
            return null;
        }

        await response.Content!.LoadIntoBufferAsync();
        var body = await response.Content.ReadAsStringAsync();
        return PrismProblem.TryParse(body, out var problem) ? problem : null;
    }

    internal static bool IsProblemJson(MediaTypeHeaderValue? contentType) =>
        string.Equals(contentType?.MediaType, "application/problem+json", StringComparison.OrdinalIgnoreCase);

    internal static string Describe(HttpRequestMessage? request) =>
        request is null ? "the request" : $"{request.Method} {request.RequestUri?.PathAndQuery}";
}
