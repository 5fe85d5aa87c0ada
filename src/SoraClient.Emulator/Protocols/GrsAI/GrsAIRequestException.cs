namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>A request the GrsAI protocol refuses; the endpoint wrapper writes it as <c>{code, msg, data:null}</c>.</summary>
internal sealed class GrsAIRequestException(int statusCode, int code, string message) : Exception(message)
{
    /// <summary>The emulator's code for a refused parameter (GrsAI documents no code for it).</summary>
    public const int ParameterError = -4;

    /// <summary>GrsAI's code for an empty balance.</summary>
    public const int InsufficientCredits = -1;

    /// <summary>GrsAI's code for an unknown (or not yet registered) task.</summary>
    public const int TaskNotFound = -22;

    public int StatusCode { get; } = statusCode;

    public int Code { get; } = code;

    public static GrsAIRequestException Parameter(string message) => new(200, ParameterError, message);

    public static GrsAIRequestException NotFound() => new(200, TaskNotFound, "task not found");
}
