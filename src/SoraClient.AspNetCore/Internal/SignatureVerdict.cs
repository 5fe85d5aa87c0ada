namespace SoraClient.AspNetCore.Internal;

/// <summary>What checking a signed webhook found.</summary>
internal enum SignatureVerdict
{
    Valid,
    Invalid,
    Expired,
    Replayed,
}
