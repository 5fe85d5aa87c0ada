namespace SoraClient.Emulator.Protocols.AceData;

/// <summary>A request the AceData protocol refuses; the endpoint wrapper turns it into <c>{"success":false,"error":{...}}</c>.</summary>
internal sealed class AceDataRequestException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public static AceDataRequestException BadRequest(string message) => new(400, "bad_request", message);
}
