using System.Text.Json;
using SoraClient.Http;

namespace SoraClient.Providers;

/// <summary>
/// The one way callback bodies are read, for every gateway that posts them (GrsAI, AceData, aivideoapi): the same three
/// entry points on each adapter (<c>ParseCallback(ReadOnlySpan&lt;byte&gt;)</c>, <c>ParseCallback(string)</c>,
/// <c>ParseCallbackAsync(Stream)</c>) and one exception family: a body that is not JSON, not the shape the mapper reads, or
/// an error instead of a job is a <see cref="FormatException"/> (with the gateway's typed error as its inner exception).
/// </summary>
internal static class CallbackBody
{
    // No key is known here; the patterns still catch bearer tokens, sk- keys and masked keys a gateway echoes.
    private static readonly SecretRedactor s_redactor = new();

    /// <summary>The largest body read from a stream: a callback is a few kilobytes; anything near this is not one.</summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>Reads a callback body from a stream (an ASP.NET Core request body, say), up to <see cref="MaxLength"/> bytes.</summary>
    /// <exception cref="FormatException">The body is longer than <see cref="MaxLength"/>.</exception>
    public static async Task<byte[]> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxLength)
            {
                throw new FormatException($"The callback body is longer than {MaxLength} bytes; it is not a gateway callback.");
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        return buffer.ToArray();
    }

    /// <summary>Parses a callback body and maps its root element to the job it reports.</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <param name="expected">What the body should be, for the message (for example <c>an AceData callback</c>).</param>
    /// <param name="map">Maps the root element; it throws <see cref="FormatException"/> itself for a body that lacks what it needs.</param>
    /// <returns>The job.</returns>
    /// <exception cref="FormatException">The body is not JSON, or the mapper could not read it.</exception>
    public static VideoJob Parse(ReadOnlySpan<byte> body, string expected, Func<JsonElement, VideoJob> map) =>
        ParseBytes(body, expected, bytes =>
        {
            using var document = JsonDocument.Parse(bytes);
            return map(document.RootElement.Clone());
        });

    /// <summary>Maps a callback body that is not plain JSON (GrsAI's may be framed with <c>data:</c>) to the job it reports.</summary>
    /// <param name="body">The body.</param>
    /// <param name="expected">What the body should be, for the message.</param>
    /// <param name="map">Maps the bytes; it throws <see cref="FormatException"/> itself for a body that lacks what it needs.</param>
    /// <returns>The job.</returns>
    /// <exception cref="FormatException">The body is not JSON, or the mapper could not read it.</exception>
    public static VideoJob ParseBytes(ReadOnlySpan<byte> body, string expected, Func<byte[], VideoJob> map)
    {
        try
        {
            return s_redactor.Redact(map(body.ToArray()));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException($"The body is not {expected}: {ex.Message}", ex);
        }
    }
}
