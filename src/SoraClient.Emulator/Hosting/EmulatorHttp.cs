using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace SoraClient.Emulator.Hosting;

/// <summary>Small helpers shared by the protocols.</summary>
internal static class EmulatorHttp
{
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
