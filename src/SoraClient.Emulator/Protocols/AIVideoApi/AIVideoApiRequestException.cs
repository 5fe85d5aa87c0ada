namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary>A request the aivideoapi protocol refuses; the endpoint wrapper turns it into <c>{"error":{code,message,type}}</c>.</summary>
internal sealed class AIVideoApiRequestException(int statusCode, string code, string type, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public string Type { get; } = type;

    public static AIVideoApiRequestException Invalid(string message) => new(400, "invalid_request", "invalid_request_error", message);
}
