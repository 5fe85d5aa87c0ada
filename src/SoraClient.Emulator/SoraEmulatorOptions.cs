using System.Net;
using Microsoft.Extensions.Logging;

namespace SoraClient.Emulator;

/// <summary>Settings of a <see cref="SoraEmulator"/>. The emulator copies them when it starts.</summary>
public sealed class SoraEmulatorOptions
{
    /// <summary>The API key the emulator accepts unless <see cref="ApiKey"/> is changed.</summary>
    public const string DefaultApiKey = "emulator-key";

    /// <summary>The secret OpenAI-compatible webhooks are signed with unless <see cref="OpenAIWebhookSecret"/> is changed.</summary>
    public const string DefaultOpenAIWebhookSecret = "whsec_c29yYS1lbXVsYXRvci13ZWJob29rLXNlY3JldA==";

    /// <summary>Gets or sets the IP address to listen on.</summary>
    /// <value>The default value is <c>127.0.0.1</c> (loopback only).</value>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the TCP port to listen on; 0 picks a free port.</summary>
    /// <value>The default value is 0.</value>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets the only API key the emulator accepts. <see langword="null"/> accepts any non-empty key
    /// (a missing key is still refused).
    /// </summary>
    /// <value>The default value is <see cref="DefaultApiKey"/>.</value>
    public string? ApiKey { get; set; } = DefaultApiKey;

    /// <summary>Gets or sets how long a job takes from creation to completion.</summary>
    /// <value>The default value is 8 seconds.</value>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Gets or sets the first part of <see cref="JobDuration"/> that a job spends queued, before it runs;
    /// <see langword="null"/> for one eighth of <see cref="JobDuration"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (1 second of the default 8).</value>
    public TimeSpan? QueueDuration { get; set; }

    /// <summary>Gets or sets the polling interval the emulator suggests (OpenAI's <c>openai-poll-after-ms</c> header).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan PollAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long the result of a completed job can be downloaded.</summary>
    /// <value>The default value is 24 hours.</value>
    public TimeSpan AssetLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Gets or sets how many of the latest requests <see cref="SoraEmulator.Requests"/> keeps; older ones are dropped. Raise it
    /// for a test that counts every request of a long run (each kept request takes a few hundred bytes).
    /// </summary>
    /// <value>The default value is 10,000.</value>
    public int RequestLogCapacity { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets the clock. Job lifecycles are computed from it when a request arrives (no background work),
    /// and delays injected by faults wait on it, so a test can drive everything with a manual clock.
    /// </summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets where the OpenAI-compatible protocol posts its signed webhooks (<c>video.completed</c>, <c>video.failed</c>,
    /// Standard Webhooks headers), as a project webhook would; <see langword="null"/> sends none. Can be changed once the
    /// emulator runs (<see cref="SoraEmulator.OpenAIWebhookUri"/>).
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Uri? OpenAIWebhookUri { get; set; }

    /// <summary>Gets or sets the secret the OpenAI-compatible webhooks are signed with: <c>whsec_</c> followed by base64.</summary>
    /// <value>The default value is <see cref="DefaultOpenAIWebhookSecret"/>.</value>
    public string OpenAIWebhookSecret { get; set; } = DefaultOpenAIWebhookSecret;

    /// <summary>Gets or sets the logger factory; <see langword="null"/> logs nothing.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The queued part of a job, with the default applied.</summary>
    internal TimeSpan EffectiveQueueDuration => QueueDuration ?? JobDuration / 8;

    internal SoraEmulatorOptions Clone() => (SoraEmulatorOptions)MemberwiseClone();

    /// <summary>Checks the settings and returns the address to listen on.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    internal static IPAddress Validate(SoraEmulatorOptions options)
    {
        var problem = FindProblem(options, out var address);
        return problem is null ? address! : throw new ArgumentException(problem, nameof(options));
    }

    private static string? FindProblem(SoraEmulatorOptions options, out IPAddress? address)
    {
        if (!IPAddress.TryParse(options.Host, out address))
        {
            return $"{nameof(Host)} must be an IP address such as 127.0.0.1, not '{options.Host}'.";
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            return $"{nameof(Port)} must be from 0 (any free port) to {IPEndPoint.MaxPort}, not {options.Port}.";
        }

        if (options.ApiKey is not null && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return $"{nameof(ApiKey)} must be null (accept any key) or a non-blank key.";
        }

        if (options.JobDuration <= TimeSpan.Zero)
        {
            return $"{nameof(JobDuration)} must be positive, not {options.JobDuration}.";
        }

        if (options.QueueDuration is { } queue && (queue < TimeSpan.Zero || queue >= options.JobDuration))
        {
            return $"{nameof(QueueDuration)} must be from zero to less than {nameof(JobDuration)} ({options.JobDuration}), not {queue}.";
        }

        if (options.RequestLogCapacity < 1)
        {
            return $"{nameof(RequestLogCapacity)} must be at least 1, not {options.RequestLogCapacity}.";
        }

        if (options.PollAfter < TimeSpan.Zero || options.AssetLifetime < TimeSpan.Zero)
        {
            return $"{nameof(PollAfter)} and {nameof(AssetLifetime)} must not be negative.";
        }

        if (options.OpenAIWebhookUri is { } hook && (!hook.IsAbsoluteUri || hook.Scheme is not ("http" or "https")))
        {
            return $"{nameof(OpenAIWebhookUri)} must be an absolute http or https URL, not '{hook}'.";
        }

        if (!Callbacks.StandardWebhookSigner.TryDecodeSecret(options.OpenAIWebhookSecret, out _))
        {
            return $"{nameof(OpenAIWebhookSecret)} must be 'whsec_' followed by base64.";
        }

        return options.TimeProvider is null ? $"{nameof(TimeProvider)} must not be null." : null;
    }
}
