namespace SoraClient.Jobs;

/// <summary>What a <see cref="VideoJobRunner"/> did with one row.</summary>
/// <param name="Key">The row's key.</param>
/// <param name="Outcome">How the row was left.</param>
/// <param name="Entry">The row as last recorded.</param>
/// <param name="Resumed">Whether the row had been submitted by an earlier run and this run resumed it (waited and/or downloaded).</param>
/// <param name="AlreadyFinished">Whether the row was already final before this run, so nothing was done.</param>
/// <param name="Message">Why it failed, is uncertain or unfinished; <see langword="null"/> otherwise.</param>
public sealed record VideoJobResult(string Key, VideoJobOutcome Outcome, VideoJobEntry Entry, bool Resumed, bool AlreadyFinished, string? Message);
