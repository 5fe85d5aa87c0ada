namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>
/// The GrsAI protocol's record of a task: what was asked for, the ids it will reveal on success (<c>pid</c>,
/// <c>character_id</c>), and the origin its result URLs point at.
/// </summary>
/// <param name="Kind">A video or a character.</param>
/// <param name="Model">The model (videos).</param>
/// <param name="AspectRatio"><c>9:16</c> or <c>16:9</c> (videos).</param>
/// <param name="Duration">10 or 15 (videos).</param>
/// <param name="Size"><c>small</c> or <c>large</c> (videos).</param>
/// <param name="RemixTargetId">The remixed result's pid, if any.</param>
/// <param name="Pid">The pid the result gets (videos).</param>
/// <param name="CharacterId">The id the character gets (characters).</param>
/// <param name="Origin"><c>scheme://host:port</c> of the request, for the CDN URLs.</param>
/// <param name="VisibleAt">Before this instant <c>/v1/draw/result</c> answers <c>-22</c> (the registration lag).</param>
internal sealed record GrsAIJobDetails(
    GrsAITaskKind Kind,
    string? Model,
    string? AspectRatio,
    int? Duration,
    string? Size,
    string? RemixTargetId,
    string? Pid,
    string? CharacterId,
    string Origin,
    DateTimeOffset VisibleAt);
