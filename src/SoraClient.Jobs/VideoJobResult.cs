namespace SoraClient.Jobs;

/// <summary>What a <see cref="VideoJobRunner"/> did with one row.</summary>
/// <remarks>A nominal record with <c>init</c> members, so a field can be added later without breaking callers.</remarks>
public sealed record VideoJobResult
{
    /// <summary>Gets the row's key.</summary>
    public required string Key { get; init; }

    /// <summary>Gets how the row was left.</summary>
    public required VideoJobOutcome Outcome { get; init; }

    /// <summary>Gets the row as last recorded.</summary>
    public required VideoJobEntry Entry { get; init; }

    /// <summary>Gets a value indicating whether the row had been submitted by an earlier run and this run resumed it (waited and/or downloaded).</summary>
    public bool Resumed { get; init; }

    /// <summary>Gets a value indicating whether the row was already final before this run, so nothing was done.</summary>
    public bool AlreadyFinished { get; init; }

    /// <summary>Gets why it failed, is uncertain or unfinished; <see langword="null"/> otherwise.</summary>
    public string? Message { get; init; }
}
