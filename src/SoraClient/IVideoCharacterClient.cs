namespace SoraClient;

/// <summary>
/// Creates reusable characters (a person, animal or object that keeps its look across videos) on gateways that offer
/// them. Ask for it with <c>GetService&lt;IVideoCharacterClient&gt;()</c>, then feature a character by adding its
/// <see cref="VideoCharacter.Id"/> to <see cref="VideoGenerationRequest.Characters"/>.
/// </summary>
public interface IVideoCharacterClient
{
    /// <summary>Creates a character from a short clip: a URL the gateway fetches, or a video file or bytes that are uploaded.</summary>
    /// <param name="clip">The clip (for example <c>VideoInput.FromUri(...)</c> or <c>VideoInput.FromBytes(mp4, "video/mp4")</c>).</param>
    /// <param name="startTime">Where the character appears in the clip.</param>
    /// <param name="endTime">Where the part that shows the character ends; gateways limit the window (GrsAI: at most 3 seconds).</param>
    /// <param name="cancellationToken">Cancels the call (a character task the gateway already accepted keeps running).</param>
    /// <returns>The created character.</returns>
    /// <exception cref="VideoRequestValidationException">The window is invalid; nothing was sent.</exception>
    /// <exception cref="VideoJobFailedException">The gateway could not create the character (for example, moderation rejected the clip).</exception>
    /// <exception cref="VideoProviderException">The gateway refused the request.</exception>
    Task<VideoCharacter> UploadCharacterAsync(VideoInput clip, TimeSpan startTime, TimeSpan endTime, CancellationToken cancellationToken = default);

    /// <summary>Creates a character from a video this gateway generated earlier.</summary>
    /// <param name="videoReference">The finished video's <see cref="VideoAsset.ProviderReference"/> (GrsAI's <c>pid</c>).</param>
    /// <param name="startTime">Where the character appears in the video.</param>
    /// <param name="endTime">Where the part that shows the character ends; gateways limit the window (GrsAI: at most 3 seconds).</param>
    /// <param name="cancellationToken">Cancels the call (a character task the gateway already accepted keeps running).</param>
    /// <returns>The created character.</returns>
    /// <exception cref="VideoRequestValidationException">The reference or the window is invalid; nothing was sent.</exception>
    /// <exception cref="VideoJobFailedException">The gateway could not create the character.</exception>
    /// <exception cref="VideoProviderException">The gateway refused the request.</exception>
    Task<VideoCharacter> CreateCharacterAsync(string videoReference, TimeSpan startTime, TimeSpan endTime, CancellationToken cancellationToken = default);
}
