using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SoraClient.Http;

/// <summary>
/// A gateway's answer body, read once, and what was parsed from it, parsed once: the adapter's error parser (which looks
/// for an error envelope in a 2xx body) and the call that reads the answer share the parse.
/// </summary>
/// <param name="body">The body (possibly empty).</param>
internal sealed class ProviderAnswer(ReadOnlyMemory<byte> body)
{
    private JsonElement? _json;
    private object? _parsed;

    /// <summary>Gets the body.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>The body as one JSON value, parsed the first time it is asked for (the contexts' options are alike for a <see cref="JsonElement"/>).</summary>
    /// <param name="typeInfo">The adapter's <see cref="JsonElement"/> type.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The body is not one JSON value; asked again, it is parsed (and fails) again.</exception>
    public JsonElement Json(JsonTypeInfo<JsonElement> typeInfo) => _json ??= JsonSerializer.Deserialize(Body.Span, typeInfo);

    /// <summary>What <paramref name="parse"/> makes of the body, parsed the first time a <typeparamref name="T"/> is asked for.</summary>
    /// <typeparam name="T">The parsed form (an adapter's own, for bodies that are not one JSON value).</typeparam>
    /// <param name="parse">The parser; the same one for every request of a <typeparamref name="T"/>.</param>
    /// <returns>The parsed form.</returns>
    public T Parse<T>(Func<ReadOnlyMemory<byte>, T> parse)
        where T : class
    {
        if (_parsed is not T parsed)
        {
            parsed = parse(Body);
            _parsed = parsed;
        }

        return parsed;
    }

    /// <summary>
    /// Whether an object has a property of that name, compared as the serializer's case-insensitive names are (so that a
    /// typed read of the object cannot find one this misses), holding a value of that kind: a cheap look before a typed read.
    /// </summary>
    /// <param name="element">The parsed answer.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="kind">The kind of value.</param>
    /// <returns><see langword="true"/> when such a property exists.</returns>
    public static bool HasProperty(JsonElement element, string name, JsonValueKind kind)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == kind && string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
