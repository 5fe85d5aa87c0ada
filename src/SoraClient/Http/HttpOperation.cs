namespace SoraClient.Http;

/// <summary>The kind of call, which decides the resilience pipeline.</summary>
internal enum HttpOperation
{
    /// <summary>Creates a billed job: retried only when the gateway provably did not accept it.</summary>
    Submit,

    /// <summary>Reads or changes state idempotently (status, list, delete): retried on transient failures.</summary>
    Status,

    /// <summary>Opens an asset: retried and resumed; no total time limit.</summary>
    Download,
}
