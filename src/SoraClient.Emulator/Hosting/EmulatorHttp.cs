using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SoraClient.Emulator.Hosting;

/// <summary>Small helpers shared by the protocols.</summary>
internal static class EmulatorHttp
{
    /// <summary>
    /// Wraps a protocol's handler the way every gateway behaves: the key is checked first, a refusal the protocol throws
    /// (<typeparamref name="TRefusal"/>) is answered in its error envelope, and any other failure (a bug) is logged and
    /// answered as the protocol's 500. Nothing is written once the response has started (a stream, a held answer).
    /// </summary>
    /// <typeparam name="TRefusal">The protocol's refusal exception.</typeparam>
    /// <param name="handler">The endpoint.</param>
    /// <param name="authenticate">Checks the key; throws a refusal.</param>
    /// <param name="writeRefusal">Writes a refusal in the protocol's envelope.</param>
    /// <param name="writeServerError">Writes the protocol's 500 answer.</param>
    /// <param name="logger">Where bugs are logged.</param>
    /// <returns>The wrapped endpoint.</returns>
    public static RequestDelegate Endpoint<TRefusal>(Func<HttpContext, Task> handler, Action<HttpRequest> authenticate,
        Func<HttpContext, TRefusal, Task> writeRefusal, Func<HttpContext, Task> writeServerError, ILogger logger)
        where TRefusal : Exception => async context =>
    {
        try
        {
            authenticate(context.Request);
            await handler(context).ConfigureAwait(false);
        }
        catch (TRefusal exception) when (!context.Response.HasStarted)
        {
            await writeRefusal(context, exception).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
        {
            EmulatorLog.UnhandledError(logger, exception, context.Request.Method, context.Request.Path.Value ?? "/");
            await writeServerError(context).ConfigureAwait(false);
        }
    };

    /// <summary>The key of an <c>Authorization: Bearer &lt;key&gt;</c> header (empty when only the scheme is there), or <see langword="null"/> without one.</summary>
    public static string? BearerKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    /// <summary>Whether <paramref name="key"/> is the configured key (compared in constant time); any key is when none is configured.</summary>
    public static bool IsAccepted(string key, string? expected) =>
        expected is null || CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(expected));

    /// <summary>Reads a request body that must be a JSON object; the caller disposes the document.</summary>
    /// <param name="context">The request.</param>
    /// <param name="notJson">The protocol's refusal of a body that is not JSON.</param>
    /// <param name="notObject">The protocol's refusal of JSON that is not an object.</param>
    /// <returns>The document.</returns>
    public static async Task<JsonDocument> ReadJsonObjectAsync(HttpContext context, Func<Exception> notJson, Func<Exception> notObject)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw notJson();
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw notObject();
        }

        return document;
    }

    /// <summary>Writes a JSON body with a <c>Content-Length</c>, through the source-generated metadata.</summary>
    public static Task WriteJsonAsync<T>(HttpContext context, int statusCode, T value, JsonTypeInfo<T> typeInfo)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>Random lowercase hex, <paramref name="bytes"/> bytes long, for ids.</summary>
    public static string RandomHex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    /// <summary>The protocol routing information set by the request tracking middleware.</summary>
    public static ProtocolRequest GetProtocolRequest(this HttpContext context) =>
        context.Features.Get<ProtocolRequest>() ?? throw new InvalidOperationException("The request was not routed to a protocol.");
}
