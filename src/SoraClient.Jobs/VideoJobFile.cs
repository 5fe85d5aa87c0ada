namespace SoraClient.Jobs;

/// <summary>A downloaded result, as recorded in the ledger.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="Length">The file's size in bytes.</param>
/// <param name="Sha256">The SHA-256 of the file's content, as lower-case hex.</param>
// Positional on purpose: a value of three parts, like a tuple, that is not expected to grow.
public sealed record VideoJobFile(string Path, long Length, string Sha256);
