namespace SoraClient;

/// <summary>A character created by <see cref="IVideoCharacterClient"/>, reusable in later requests through <see cref="VideoGenerationRequest.Characters"/>.</summary>
public sealed record VideoCharacter
{
    /// <summary>Gets the gateway's id of the character (for GrsAI, what a prompt references as <c>@id</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the name of the generator registration that created it.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the gateway's id of the task that created the character, when it ran as a task.</summary>
    public string? TaskId { get; init; }

    /// <summary>Gets the gateway's raw answer (a <see cref="System.Text.Json.JsonElement"/> for JSON gateways).</summary>
    public object? RawRepresentation { get; init; }
}
