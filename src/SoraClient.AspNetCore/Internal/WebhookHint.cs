namespace SoraClient.AspNetCore.Internal;

/// <summary>A verified callback, queued for confirmation: the job it reports, and whether a status read must confirm it.</summary>
internal sealed record WebhookHint(VideoJob Job, bool Confirm);
