namespace SoraClient.Jobs;

/// <summary>One piece of work for a <see cref="VideoJobRunner"/>: a caller's key and the request to run under it.</summary>
/// <param name="Key">The caller's key (a batch row, an order id); the ledger's row key and the name of the downloaded file.</param>
/// <param name="Request">The request. When the ledger already holds the key, the recorded request is used instead.</param>
// Positional on purpose: a value of two parts, like a tuple, that is not expected to grow.
public sealed record VideoJobWorkItem(string Key, VideoGenerationRequest Request);
