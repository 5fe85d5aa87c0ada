namespace SoraClient.Normalization;

/// <summary>A gateway status word's neutral meaning, and whether the word is one the contract documents.</summary>
/// <param name="Status">The neutral status.</param>
/// <param name="IsKnown">False for an undocumented word: adapters log it once and treat the job as still waiting.</param>
internal readonly record struct StatusMapping(VideoJobStatus Status, bool IsKnown);
