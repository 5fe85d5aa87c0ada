using System.Globalization;
using System.Text;
using SoraClient.Emulator.Faults;

namespace SoraClient.Emulator;

/// <summary>
/// A failure the emulator injects on demand, for the next <see cref="Remaining"/> matching requests.
/// Create one with a factory method, narrow it with <see cref="For"/>, and add it to <see cref="SoraEmulator.Faults"/>:
/// <code>
/// emulator.Faults.Add(EmulatorFault.RateLimit(TimeSpan.FromSeconds(2)).For(EmulatorProtocols.OpenAI, "GET", "/videos/*"));
/// </code>
/// Paths are relative to the protocol's prefix (<c>/videos/*</c> matches <c>/openai/v1/videos/video_123</c>);
/// <c>*</c> matches one path segment and <c>**</c> any number of segments.
/// </summary>
public sealed class EmulatorFault
{
    /// <summary>A <c>times</c> value that keeps the fault active until it is removed.</summary>
    public const int Unlimited = int.MaxValue;

    private int _remaining;
    private int _hits;
    private readonly Random? _random; // seeded draws for Probability; shared by narrowed copies so a run repeats

    private EmulatorFault(EmulatorFaultKind kind, int times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        Kind = kind;
        _remaining = times;
    }

    /// <summary>A copy of <paramref name="source"/> (its kind, answer and remaining count) for other requests or odds.</summary>
    private EmulatorFault(EmulatorFault source, string? protocol, string? method, string? path, double probability, Random? random)
        : this(source.Kind, Math.Max(1, source.Remaining))
    {
        Protocol = protocol;
        Method = method;
        Path = path;
        StatusCode = source.StatusCode;
        RetryAfter = source.RetryAfter;
        Delay = source.Delay;
        AfterBytes = source.AfterBytes;
        JobFailure = source.JobFailure;
        Probability = probability;
        _random = random;
    }

    /// <summary>Gets what the fault does.</summary>
    public EmulatorFaultKind Kind { get; }

    /// <summary>Gets the protocol the fault applies to (see <see cref="EmulatorProtocols"/>), or <see langword="null"/> for every protocol.</summary>
    public string? Protocol { get; private init; }

    /// <summary>Gets the HTTP method the fault applies to, or <see langword="null"/> for every method.</summary>
    public string? Method { get; private init; }

    /// <summary>Gets the path pattern (relative to the protocol's prefix) the fault applies to, or <see langword="null"/> for every path.</summary>
    public string? Path { get; private init; }

    /// <summary>Gets the HTTP status code answered by <see cref="EmulatorFaultKind.RateLimit"/>, <see cref="EmulatorFaultKind.InsufficientBalance"/> and <see cref="EmulatorFaultKind.ServerError"/> faults.</summary>
    public int StatusCode { get; private init; }

    /// <summary>Gets the <c>Retry-After</c> sent with the error, if any.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>Gets the wait of a <see cref="EmulatorFaultKind.Delay"/> fault.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>Gets how many body bytes a <see cref="EmulatorFaultKind.TruncateBody"/> fault lets through.</summary>
    public long AfterBytes { get; private init; }

    /// <summary>Gets how a job created under a <see cref="EmulatorFaultKind.FailJob"/> fault fails.</summary>
    public EmulatorJobFailure JobFailure { get; private init; }

    /// <summary>Gets how many more matching requests the fault applies to (<see cref="Unlimited"/> never runs out).</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>Gets the chance that a matching request gets the fault (1 unless <see cref="WithProbability"/> set it).</summary>
    public double Probability { get; private init; } = 1;

    /// <summary>Gets how many requests the fault has applied to so far.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Answers HTTP 429 with a <c>Retry-After</c> header (whole seconds, rounded up) and <c>retry-after-ms</c>.</summary>
    /// <param name="retryAfter">The wait the emulator asks for.</param>
    /// <param name="times">How many matching requests get the error.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault RateLimit(TimeSpan retryAfter, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        return new(EmulatorFaultKind.RateLimit, times) { StatusCode = 429, RetryAfter = retryAfter };
    }

    /// <summary>Answers HTTP 429 "insufficient balance", the way APIYI reports an empty account (no <c>Retry-After</c>: waiting does not help).</summary>
    /// <param name="times">How many matching requests get the error.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault InsufficientBalance(int times = 1) =>
        new(EmulatorFaultKind.InsufficientBalance, times) { StatusCode = 429 };

    /// <summary>Answers a server error (500, 502, 503, 504...) in the protocol's error envelope.</summary>
    /// <param name="statusCode">An HTTP status code from 500 to 599.</param>
    /// <param name="times">How many matching requests get the error.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> to send with it, if any.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault ServerError(int statusCode = 500, int times = 1, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 500);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (retryAfter is { } wait)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
        }

        return new(EmulatorFaultKind.ServerError, times) { StatusCode = statusCode, RetryAfter = retryAfter };
    }

    /// <summary>Delays the answer: waits on the emulator's <see cref="TimeProvider"/>, then handles the request normally.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <param name="times">How many matching requests are delayed.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault SlowResponse(TimeSpan delay, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(EmulatorFaultKind.Delay, times) { Delay = delay };
    }

    /// <summary>Closes the connection before answering: the client sees a network error and no response.</summary>
    /// <param name="times">How many matching requests are dropped.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault DropConnection(int times = 1) => new(EmulatorFaultKind.DropConnection, times);

    /// <summary>
    /// Handles the request normally but sends only the first <paramref name="afterBytes"/> bytes of the body
    /// (the headers still announce the full <c>Content-Length</c>), then closes the connection.
    /// Meant for <c>/content</c> downloads, to exercise resuming with <c>Range</c>.
    /// </summary>
    /// <param name="afterBytes">How many body bytes to send before cutting; at least 1.</param>
    /// <param name="times">How many matching requests are cut.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault TruncateBody(long afterBytes = 1024, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(afterBytes, 1);
        return new(EmulatorFaultKind.TruncateBody, times) { AfterBytes = afterBytes };
    }

    /// <summary>
    /// Makes the job created by the next matching request fail halfway through its run
    /// (requests that create no job do not use the fault up).
    /// </summary>
    /// <param name="failure">How the job fails.</param>
    /// <param name="times">How many created jobs fail.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault FailJob(EmulatorJobFailure failure = EmulatorJobFailure.Moderation, int times = 1) =>
        new(EmulatorFaultKind.FailJob, times) { JobFailure = failure };

    /// <summary>
    /// Makes the result of the job created by the next matching request expire the moment the job completes:
    /// the job reports completion, but its content is gone (requests that create no job do not use the fault up).
    /// </summary>
    /// <param name="times">How many created jobs are affected.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault ExpireJob(int times = 1) => new(EmulatorFaultKind.ExpireJob, times);

    /// <summary>Returns a copy of this fault that applies only to matching requests.</summary>
    /// <param name="protocol">A protocol name (see <see cref="EmulatorProtocols"/>), or <see langword="null"/> for any.</param>
    /// <param name="method">An HTTP method such as <c>GET</c>, or <see langword="null"/> for any.</param>
    /// <param name="path">A path pattern relative to the protocol's prefix, such as <c>/videos/*/content</c>, or <see langword="null"/> for any.</param>
    /// <returns>The narrowed fault, with this fault's remaining count.</returns>
    public EmulatorFault For(string? protocol, string? method = null, string? path = null) =>
        new(this, protocol, method, path is null ? null : PathPattern.Normalize(path), Probability, _random);

    /// <summary>
    /// Returns this fault applied to each matching request only with <paramref name="probability"/>, drawn from a generator
    /// seeded with <paramref name="seed"/> so that a run can be repeated (for example 10 % of answers faulted at random).
    /// </summary>
    /// <param name="probability">The chance, from 0 to 1, that a matching request gets the fault.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <returns>The fault with the probability, and this fault's remaining count.</returns>
    public EmulatorFault WithProbability(double probability, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(probability, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1d);
        return new(this, Protocol, Method, Path, probability, new Random(seed));
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder(Kind.ToString());
        switch (Kind)
        {
            case EmulatorFaultKind.RateLimit or EmulatorFaultKind.InsufficientBalance or EmulatorFaultKind.ServerError:
                text.Append(CultureInfo.InvariantCulture, $" {StatusCode}");
                break;
            case EmulatorFaultKind.Delay:
                text.Append(CultureInfo.InvariantCulture, $" {Delay}");
                break;
            case EmulatorFaultKind.TruncateBody:
                text.Append(CultureInfo.InvariantCulture, $" after {AfterBytes} bytes");
                break;
            case EmulatorFaultKind.FailJob:
                text.Append(CultureInfo.InvariantCulture, $" {JobFailure}");
                break;
        }

        text.Append(CultureInfo.InvariantCulture, $" for {Protocol ?? "*"} {Method ?? "*"} {Path ?? "/**"}");
        if (Probability < 1)
        {
            text.Append(CultureInfo.InvariantCulture, $" with probability {Probability}");
        }

        text.Append(Remaining == Unlimited ? " (unlimited)" : string.Create(CultureInfo.InvariantCulture, $" ({Remaining} left)"));
        return text.ToString();
    }

    internal bool Matches(string protocol, string method, string path) =>
        (Protocol is null || string.Equals(Protocol, protocol, StringComparison.OrdinalIgnoreCase))
        && (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (Path is null || PathPattern.IsMatch(Path, path));

    /// <summary>Uses the fault up once, if any use is left and (for a fault with a <see cref="Probability"/>) the draw says so.</summary>
    internal bool TryUse()
    {
        if (_random is { } random)
        {
            lock (random)
            {
                if (random.NextDouble() >= Probability)
                {
                    return false;
                }
            }
        }

        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining <= 0)
            {
                return false;
            }

            if (remaining == Unlimited || Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining)
            {
                Interlocked.Increment(ref _hits);
                return true;
            }
        }
    }
}
