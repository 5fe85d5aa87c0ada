namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>
/// A request the OpenAI protocol refuses; the endpoint wrapper turns it into the error envelope.
/// The factories follow the wording of OpenAI's own validation errors.
/// </summary>
internal sealed class OpenAIRequestException(int statusCode, string message, string type, string? param, string? code)
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public OpenAIError Error { get; } = new() { Message = message, Type = type, Param = param, Code = code };

    public static OpenAIRequestException InvalidRequest(string message, string? param = null, string? code = null, int statusCode = 400) =>
        new(statusCode, message, "invalid_request_error", param, code);

    public static OpenAIRequestException MissingParameter(string param) =>
        InvalidRequest($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    public static OpenAIRequestException InvalidType(string param, string expected, string actual) =>
        InvalidRequest($"Invalid type for '{param}': expected {expected}, but got {actual} instead.", param, "invalid_type");

    public static OpenAIRequestException InvalidValue(string param, string value, IReadOnlyList<string> supported, string? qualifier = null) =>
        InvalidRequest($"Invalid value: '{value}'. Supported values{qualifier} are: {Join(supported)}.", param, "invalid_value");

    public static OpenAIRequestException NotFound(string videoId) =>
        InvalidRequest($"Video with id '{videoId}' not found.", "video_id", code: null, statusCode: 404);

    /// <summary>'a', 'b', and 'c' — the way OpenAI lists allowed values.</summary>
    private static string Join(IReadOnlyList<string> values) => values.Count switch
    {
        1 => $"'{values[0]}'",
        2 => $"'{values[0]}' and '{values[1]}'",
        _ => string.Join(", ", values.Take(values.Count - 1).Select(v => $"'{v}'")) + $", and '{values[^1]}'",
    };
}
