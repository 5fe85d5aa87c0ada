namespace SoraClient.Emulator;

/// <summary>What an <see cref="EmulatorFault"/> does.</summary>
public enum EmulatorFaultKind
{
    /// <summary>Answers HTTP 429 with <c>Retry-After</c> instead of handling the request.</summary>
    RateLimit,

    /// <summary>Answers HTTP 429 "insufficient balance" (APIYI's quota variant, no <c>Retry-After</c>).</summary>
    InsufficientBalance,

    /// <summary>Answers a 5xx error envelope instead of handling the request.</summary>
    ServerError,

    /// <summary>Waits (on the emulator's <see cref="TimeProvider"/>) before handling the request normally.</summary>
    Delay,

    /// <summary>Closes the connection without answering.</summary>
    DropConnection,

    /// <summary>Sends the status line, the headers (with the full <c>Content-Length</c>) and part of the body, then closes the connection.</summary>
    TruncateBody,

    /// <summary>Lets the request create its job normally, but the job later fails.</summary>
    FailJob,

    /// <summary>Lets the request create its job normally, but the job's result has expired as soon as it completes.</summary>
    ExpireJob,
}
