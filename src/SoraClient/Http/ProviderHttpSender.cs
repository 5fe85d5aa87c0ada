using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace SoraClient.Http;

/// <summary>
/// The one way adapters talk HTTP: applies the operation's resilience pipeline, authenticates requests to the
/// gateway (and only to the gateway), turns error responses into typed exceptions, redacts secrets, logs and traces.
/// </summary>
internal sealed class ProviderHttpSender
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxRedirects = 5;
    /// <summary>The one error code of an answer that could not be read as the documented JSON; for a create it makes the create uncertain (<see cref="Unreadable"/>).</summary>
    public const string InvalidResponseCode = "invalid_response";

    /// <summary>A longer (or negative, or unreadable) delay hint is not a delay the gateway can mean: it is ignored and logged.</summary>
    private static readonly TimeSpan s_maxHint = TimeSpan.FromDays(1);
    private readonly HttpClient _httpClient;
    private readonly Uri _endpoint;
    private readonly Func<CancellationToken, ValueTask<string>> _apiKey;
    private readonly Action<HttpRequestMessage, string> _authenticate;
    private readonly ProviderErrorParser _parseError;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _submit;
    private readonly ResiliencePipeline _status;
    private readonly ResiliencePipeline _download;
    private readonly int _maxResponseBytes;
    private readonly bool _allowPrivateAddresses;
    private readonly ProviderHeaders _headers;

    public ProviderHttpSender(HttpClient httpClient, string provider, Uri endpoint, VideoProviderOptions options,
        Action<HttpRequestMessage, string> authenticate, ProviderErrorParser parseError, TimeProvider timeProvider, ILogger logger, ProviderHeaders? headers = null)
    {
        _headers = headers ?? ProviderHeaders.Standard;
        _httpClient = httpClient;
        Provider = provider;
        _endpoint = endpoint;
        _authenticate = authenticate;
        _apiKey = options.ApiKeyProvider ?? FixedKey(options.ApiKey!); // the validator requires one of the two
        _parseError = parseError;
        _timeProvider = timeProvider;
        _logger = logger;
        Redactor = new SecretRedactor(options.ApiKey);
        DownloadIdleTimeout = options.DownloadIdleTimeout;
        DownloadTimeout = options.DownloadTimeout;
        MaxDownloadBytes = options.MaxDownloadBytes;
        _allowPrivateAddresses = options.AllowPrivateAddresses;
        MaxResumes = Math.Max(1, options.MaxRetries);
        _maxResponseBytes = options.MaxResponseBytes;
        var limiter = RequestLimiter.Create(provider, options, timeProvider); // one for the registration: every operation counts
        _submit = ResiliencePipelines.Create(HttpOperation.Submit, provider, options, timeProvider, logger, limiter);
        _status = ResiliencePipelines.Create(HttpOperation.Status, provider, options, timeProvider, logger, limiter);
        _download = ResiliencePipelines.Create(HttpOperation.Download, provider, options, timeProvider, logger, limiter);
    }

    public string Provider { get; }

    public SecretRedactor Redactor { get; }

    public TimeProvider TimeProvider => _timeProvider;

    public ILogger Logger => _logger;

    public TimeSpan DownloadIdleTimeout { get; }

    public TimeSpan DownloadTimeout { get; }

    public long MaxDownloadBytes { get; }

    public int MaxResumes { get; }

    /// <summary>
    /// Sends a request and parses its JSON body; any error (HTTP or envelope) becomes a typed exception. A <see cref="JsonElement"/>
    /// is the one the adapter's error parser may have parsed already (<see cref="ProviderAnswer.Json"/>).
    /// </summary>
    public async Task<ProviderResponse<T>> SendAsync<T>(HttpOperation operation, Func<HttpRequestMessage> createRequest,
        JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await ExecuteAsync(operation, createRequest, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var answer = await AnswerOfAsync(response, cancellationToken).ConfigureAwait(false);
        var requestId = Redactor.Redact(RequestIdOf(response));
        T? value;
        try
        {
            value = typeof(T) == typeof(JsonElement)
                ? (T)(object)answer.Json((JsonTypeInfo<JsonElement>)(object)typeInfo)
                : JsonSerializer.Deserialize(answer.Body.Span, typeInfo);
        }
        catch (JsonException ex)
        {
            throw Unreadable(operation, InvalidResponse((int)response.StatusCode, requestId, answer.Body, ex));
        }

        if (value is null)
        {
            throw Unreadable(operation, InvalidResponse((int)response.StatusCode, requestId, answer.Body, null));
        }

        return new ProviderResponse<T>(value, (int)response.StatusCode, requestId, PollAfterOf(response));
    }

    /// <summary>
    /// Sends a request and parses its body with <paramref name="parse"/>, for gateways whose JSON comes framed (GrsAI
    /// may prefix it with <c>data:</c>); the parser reads the answer the adapter's error parser has seen (through
    /// <see cref="ProviderAnswer.Parse{T}"/>, parsed once). A <see cref="JsonException"/> or <see langword="null"/> from the parser becomes
    /// the typed invalid-response error; any error (HTTP or envelope) becomes a typed exception.
    /// </summary>
    public async Task<ProviderResponse<T>> SendAsync<T>(HttpOperation operation, Func<HttpRequestMessage> createRequest,
        Func<ProviderAnswer, T?> parse, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await ExecuteAsync(operation, createRequest, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var answer = await AnswerOfAsync(response, cancellationToken).ConfigureAwait(false);
        var requestId = Redactor.Redact(RequestIdOf(response));
        T? value = null;
        JsonException? error = null;
        try
        {
            value = parse(answer);
        }
        catch (JsonException ex)
        {
            error = ex;
        }

        return value is not null
            ? new ProviderResponse<T>(value, (int)response.StatusCode, requestId, PollAfterOf(response))
            : throw Unreadable(operation, InvalidResponse((int)response.StatusCode, requestId, answer.Body, error));
    }

    /// <summary>Sends a request and returns the open response once its headers arrive (for streamed bodies). HTTP errors become typed exceptions.</summary>
    public Task<HttpResponseMessage> SendStreamingAsync(HttpOperation operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, createRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>Creates the exception for a response the gateway could not have meant (malformed or empty JSON).</summary>
    public VideoProviderException InvalidResponse(int statusCode, string? requestId, ReadOnlyMemory<byte> body, Exception? inner)
    {
        requestId = Redactor.Redact(requestId);
        return new(Provider, Format(statusCode, InvalidResponseCode, "the response could not be read as the documented JSON", requestId), statusCode, InvalidResponseCode, inner)
        {
            RequestId = requestId,
            IsTransient = true,
            ResponseBody = Redactor.RedactBody(Encoding.UTF8.GetString(body.Span)),
        };
    }

    /// <summary>Creates the invalid-response exception for a JSON answer that parsed but is not the documented shape.</summary>
    public VideoProviderException InvalidResponse(ProviderResponse<JsonElement> response, Exception? inner) =>
        InvalidResponse(response.StatusCode, response.RequestId, Encoding.UTF8.GetBytes(response.Value.GetRawText()), inner);

    /// <summary>
    /// Maps a JSON answer with <paramref name="read"/>. What a mapper throws on an unexpected shape (a
    /// <see cref="JsonException"/>, an <see cref="InvalidOperationException"/> from reading an element as the wrong kind,
    /// a <see cref="FormatException"/> from a malformed value or URL) becomes the typed invalid-response error; for the
    /// answer to a create (<paramref name="operation"/> <see cref="HttpOperation.Submit"/>), <see cref="VideoSubmissionUncertainException"/>.
    /// </summary>
    public T Read<T>(ProviderResponse<JsonElement> response, Func<JsonElement, T> read, HttpOperation operation = HttpOperation.Status)
    {
        try
        {
            return read(response.Value);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw Unreadable(operation, InvalidResponse(response, ex));
        }
    }

    /// <summary>Creates the typed exception for a gateway error.</summary>
    public VideoProviderException CreateException(ProviderError error, int? statusCode, string? requestId, TimeSpan? retryAfter, string? body)
    {
        // Everything here came from the gateway, which may echo the key back.
        requestId = Redactor.Redact(error.RequestId ?? requestId);
        retryAfter = error.RetryAfter ?? retryAfter;
        body = Redactor.RedactBody(body);
        var code = Redactor.Redact(error.Code);
        var message = Format(statusCode, code, Redactor.Redact(error.Message), requestId);
        return error.Kind switch
        {
            ProviderErrorKind.Authentication => new VideoAuthenticationException(Provider, message, statusCode, code) { RequestId = requestId, ResponseBody = body },
            ProviderErrorKind.RateLimit => new VideoRateLimitException(Provider, message, statusCode, code) { RequestId = requestId, ResponseBody = body, RetryAfter = retryAfter, IsTransient = true },
            ProviderErrorKind.Quota => new VideoQuotaExceededException(Provider, message, statusCode, code) { RequestId = requestId, ResponseBody = body, RetryAfter = retryAfter },
            ProviderErrorKind.ContentPolicy => new VideoContentPolicyException(Provider, message, statusCode, code) { RequestId = requestId, ResponseBody = body },
            ProviderErrorKind.NotFound => new VideoJobNotFoundException(Provider, message, statusCode, code) { RequestId = requestId, ResponseBody = body },
            ProviderErrorKind.Transient => new VideoProviderException(Provider, message, statusCode, code) { RequestId = requestId, ResponseBody = body, RetryAfter = retryAfter, IsTransient = true },
            _ => new VideoProviderException(Provider, message, statusCode, code) { RequestId = requestId, ResponseBody = body },
        };
    }

    /// <summary>The one-line message format: <c>{Provider} returned HTTP {status} ({code}): {message} [request id {id}]</c>.</summary>
    public string Format(int? statusCode, string? code, string message, string? requestId)
    {
        var builder = new StringBuilder(Provider).Append(" returned ");
        builder.Append(statusCode is { } status ? string.Create(CultureInfo.InvariantCulture, $"HTTP {status}") : "an error");
        if (!string.IsNullOrEmpty(code) && !string.Equals(code, statusCode?.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)) // not "HTTP 401 (401)"
        {
            builder.Append(" (").Append(code).Append(')');
        }

        builder.Append(": ").Append(message.ReplaceLineEndings(" ").Trim());
        if (!string.IsNullOrEmpty(requestId))
        {
            builder.Append(" [request id ").Append(requestId).Append(']');
        }

        return builder.ToString();
    }

    /// <summary>Runs one call through its pipeline and maps transport failures to the library's exceptions.</summary>
    internal async Task<HttpResponseMessage> ExecuteAsync(HttpOperation operation, Func<HttpRequestMessage> createRequest,
        HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var pipeline = operation switch
        {
            HttpOperation.Submit => _submit,
            HttpOperation.Download => _download,
            _ => _status,
        };

        try
        {
            return await pipeline.ExecuteAsync(
                static async (state, token) => await state.Sender.SendOnceAsync(state.Operation, state.CreateRequest, state.Completion, token).ConfigureAwait(false),
                (Sender: this, Operation: operation, CreateRequest: createRequest, Completion: completion),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        // Any 5xx but 503 may come after the gateway took the job (a 524 says the origin got it but did not answer in time).
        catch (VideoProviderException ex) when (operation == HttpOperation.Submit && ex.StatusCode is >= 500 and not 503)
        {
            throw Uncertain($"HTTP {ex.StatusCode}", ex);
        }
        catch (VideoProviderException ex) when (operation == HttpOperation.Submit && string.Equals(ex.ProviderErrorCode, InvalidResponseCode, StringComparison.Ordinal))
        {
            throw Unreadable(operation, ex); // a success status whose answer was too large to read
        }
        // A server error reported inside a success answer proves nothing either way: like a 5xx, it may come after the job
        // was taken. Left transient, it would invite a caller that honours IsTransient to pay for a second job.
        catch (VideoProviderException ex) when (operation == HttpOperation.Submit && ex.StatusCode is >= 200 and < 300 && ex.IsTransient && ex is not VideoRateLimitException)
        {
            throw Uncertain($"its HTTP {ex.StatusCode} answer reported a server error ({ex.ProviderErrorCode ?? "no code"})", ex);
        }
        catch (Exception ex) when (IsTransport(ex))
        {
            var beforeSend = ex is HttpRequestException http && ResiliencePipelines.IsBeforeSend(http);
            var cause = Redactor.Scrub(ex);
            if (operation == HttpOperation.Submit && !beforeSend)
            {
                throw Uncertain(ex is TimeoutRejectedException or TaskCanceledException ? "no answer in time" : "the connection failed after sending", cause);
            }

            var timedOut = ex is TimeoutRejectedException or TaskCanceledException;
            var what = timedOut ? "did not answer in time" : "could not be reached: " + Redactor.Redact(ex.Message);
            throw new VideoProviderException(Provider, $"{Provider} {what}", null, timedOut ? "timeout" : "connection_failed", cause) { IsTransient = true };
        }
    }

    // A create request that got a success status was accepted: its job exists and is billed even if the answer
    // cannot be read, so it must not look like a transient error that invites a second submit.
    internal Exception Unreadable(HttpOperation operation, VideoProviderException invalid) =>
        operation == HttpOperation.Submit ? Uncertain($"its HTTP {invalid.StatusCode} answer could not be read", invalid) : invalid;

    private static bool IsTransport(Exception exception) =>
        exception is HttpRequestException or IOException or TimeoutRejectedException or TaskCanceledException;

    private VideoSubmissionUncertainException Uncertain(string reason, Exception inner)
    {
        HttpLog.SubmitUncertain(_logger, Provider, reason);
        return new VideoSubmissionUncertainException(Provider,
            $"{Provider}: the create request was sent but {reason}; the job may exist and be billed, so it was not retried. " +
            "Check the gateway's job list before submitting again.", inner);
    }

    private Activity? StartActivity(HttpOperation operation, string method, string? host, string path)
    {
        var activity = SoraTelemetry.Source.StartActivity($"{Provider} {operation}", ActivityKind.Client);
        activity?.SetTag("sora.provider", Provider);
        activity?.SetTag("sora.operation", operation.ToString());
        activity?.SetTag("http.request.method", method);
        activity?.SetTag("server.address", host);
        activity?.SetTag("url.path", path);
        return activity;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpOperation operation, Func<HttpRequestMessage> createRequest,
        HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        if (request.RequestUri is { } uri)
        {
            CheckDestination(uri);
            if (IsGatewayHost(uri))
            {
                await AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }

        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        using var activity = StartActivity(operation, method, request.RequestUri?.Host, path);
        var started = _timeProvider.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            // Never let HttpClient buffer a body: it would read up to 2 GB. Answers are read below, with a limit.
            response = await SendFollowingRedirectsAsync(request, createRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var elapsed = _timeProvider.GetElapsedTime(started);
            var errorType = ex is HttpRequestException http ? $"{ex.GetType().Name} ({http.HttpRequestError})" : ex.GetType().Name;
            HttpLog.Failure(_logger, Provider, operation, method, path, errorType, elapsed.TotalMilliseconds);
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            activity?.SetTag("error.type", ex.GetType().Name);
            Record(operation, "error", elapsed);
            throw;
        }

        var duration = _timeProvider.GetElapsedTime(started);
        var status = (int)response.StatusCode;
        HttpLog.Response(_logger, Provider, operation, method, path, status, duration.TotalMilliseconds);
        activity?.SetTag("http.response.status_code", status);
        Record(operation, status.ToString(CultureInfo.InvariantCulture), duration);

        if (response.IsSuccessStatusCode && completion == HttpCompletionOption.ResponseHeadersRead)
        {
            return response;
        }

        var error = await ReadAnswerAsync(response, cancellationToken).ConfigureAwait(false);
        if (error is null)
        {
            return response;
        }

        if (request.RequestUri is { } requested && IsGatewayHost(requested))
        {
            error = ExplainNotFound(error, operation, path); // a CDN's 404 says nothing about the Endpoint
        }

        activity?.SetStatus(ActivityStatusCode.Error, error.ProviderErrorCode);
        throw error;
    }

    private static Func<CancellationToken, ValueTask<string>> FixedKey(string key) => _ => new ValueTask<string>(key);

    /// <summary>
    /// Adds the key to a request to the gateway, asking <see cref="VideoProviderOptions.ApiKeyProvider"/> each time so a
    /// refreshed token is used at once. A provider that fails ends the call before anything is sent (so a create is not uncertain).
    /// </summary>
    private async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? key;
        try
        {
            key = await _apiKey(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new VideoAuthenticationException(Provider,
                $"{Provider}: the API key provider (ApiKeyProvider) failed: {Redactor.Redact(ex.Message)} Nothing was sent.",
                statusCode: null, providerErrorCode: null, Redactor.Scrub(ex));
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new VideoAuthenticationException(Provider, $"{Provider}: the API key provider (ApiKeyProvider) returned an empty key. Nothing was sent.", statusCode: null);
        }

        Redactor.Remember(key);
        _authenticate(request, key);
    }

    /// <summary>
    /// Sends the request and follows redirects of GET requests itself, authenticating each hop only when it goes to
    /// the gateway: an HttpClient that follows redirects drops <c>Authorization</c> on the way but forwards every
    /// other header, <c>api-key</c> included. The clients that dependency injection creates do not follow redirects,
    /// so every 3xx arrives here; a client that does follow them never shows one.
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpRequestMessage request, Func<HttpRequestMessage> createRequest,
        HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var response = await _httpClient.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        var from = request.RequestUri;
        for (var hop = 0; hop < MaxRedirects && request.Method == HttpMethod.Get && from is not null && RedirectTarget(response, from) is { } target; hop++)
        {
            response.Dispose();
            CheckDestination(target);
            using var next = createRequest(); // the same request (Range, Accept...) for the new address
            next.RequestUri = target;
            if (IsGatewayHost(target))
            {
                await AuthenticateAsync(next, cancellationToken).ConfigureAwait(false);
            }

            HttpLog.Redirect(_logger, Provider, target.Host, target.AbsolutePath);
            response = await _httpClient.SendAsync(next, completion, cancellationToken).ConfigureAwait(false);
            from = target;
        }

        return response;
    }

    /// <summary>
    /// Refuses, before connecting, a request to an internal address (loopback, link-local and metadata, private) on another
    /// host than the gateway's own, unless <see cref="VideoProviderOptions.AllowPrivateAddresses"/>: result links and
    /// redirects come from the gateway, which must not be able to make the SDK reach into the caller's network.
    /// </summary>
    private void CheckDestination(Uri uri)
    {
        if (_allowPrivateAddresses || !uri.IsAbsoluteUri || NetworkPolicy.IsSameHost(uri, _endpoint) || !NetworkPolicy.IsInternal(uri))
        {
            return;
        }

        HttpLog.LinkRefused(_logger, Provider, uri.Host);
        throw new VideoProviderException(Provider,
            $"{Provider}: refused to fetch from {uri.Host}, an internal address (loopback, link-local, private or metadata) that is not the gateway's own host; " +
            "set AllowPrivateAddresses to allow it.", null, "link_refused");
    }

    private static Uri? RedirectTarget(HttpResponseMessage response, Uri from) =>
        (int)response.StatusCode is 301 or 302 or 303 or 307 or 308
        && response.Headers.Location is { } location
        && new Uri(from, location) is { Scheme: "http" or "https" } target
            ? target
            : null;

    /// <summary>
    /// Reads an answer: a success body up to <see cref="VideoProviderOptions.MaxResponseBytes"/> (kept as the response's content; a
    /// longer one is refused without reading the rest), an error body up to 64 KB. Returns its error, if any (an HTTP error, or an
    /// error envelope in a 2xx body), and disposes the response when it is one.
    /// </summary>
    internal async Task<VideoProviderException?> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ProviderAnswer answer;
        try
        {
            answer = new ProviderAnswer(await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            response.Dispose();
            throw;
        }

        var error = ParseError(status, answer)
            ?? (response.IsSuccessStatusCode ? null : new ProviderError(ProviderError.KindOf(status), null, response.ReasonPhrase ?? "no message"));
        if (error is null)
        {
            if (response.IsSuccessStatusCode)
            {
                response.Content = new BufferedAnswer(answer, response.Content);
            }

            return null;
        }

        using (response)
        {
            return CreateException(error, status, RequestIdOf(response), RetryAfterOf(response), Encoding.UTF8.GetString(answer.Body.Span));
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return (await ReadLimitedAsync(response.Content, MaxErrorBodyBytes, truncate: true, cancellationToken).ConfigureAwait(false))!.Value;
        }

        return await ReadLimitedAsync(response.Content, _maxResponseBytes, truncate: false, cancellationToken).ConfigureAwait(false)
            ?? throw TooLarge((int)response.StatusCode, Redactor.Redact(RequestIdOf(response)));
    }

    /// <summary>The adapter's error parser; one that cannot read a body of an unexpected shape leaves the status to speak.</summary>
    private ProviderError? ParseError(int status, ProviderAnswer answer)
    {
        try
        {
            return _parseError(status, answer);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private VideoProviderException TooLarge(int status, string? requestId) =>
        new(Provider, Format(status, InvalidResponseCode,
            string.Create(CultureInfo.InvariantCulture, $"the answer is larger than {_maxResponseBytes} bytes (MaxResponseBytes) and was not read further"), requestId),
            status, InvalidResponseCode)
        {
            RequestId = requestId,
            IsTransient = true,
        };

    /// <summary>
    /// A 404 to a create cannot mean "no such job": it is the endpoint that is wrong (say, without <c>/v1</c>). A 404 whose
    /// body the gateway's parser did not recognise (no code) gets the path requested (no query) and the same hint.
    /// </summary>
    private VideoProviderException ExplainNotFound(VideoProviderException error, HttpOperation operation, string path)
    {
        if (error.StatusCode != 404 || (operation != HttpOperation.Submit && error.ProviderErrorCode is not null))
        {
            return error;
        }

        var message = error.Message;
        if (error.ProviderErrorCode is null)
        {
            // before the " [request id ...]" that ends a message
            var suffix = string.IsNullOrEmpty(error.RequestId) ? string.Empty : $" [request id {error.RequestId}]";
            var head = suffix.Length > 0 && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
            message = $"{head}; nothing answers at {path}: check the Endpoint option (for example a missing /v1){suffix}";
        }

        return operation != HttpOperation.Submit && error is VideoJobNotFoundException
            ? new VideoJobNotFoundException(Provider, message, error.StatusCode, error.ProviderErrorCode) { RequestId = error.RequestId, ResponseBody = error.ResponseBody }
            : new VideoProviderException(Provider, message, error.StatusCode, error.ProviderErrorCode) { RequestId = error.RequestId, ResponseBody = error.ResponseBody };
    }

    private void Record(HttpOperation operation, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "sora.provider", Provider }, { "sora.operation", operation.ToString() }, { "sora.outcome", outcome } };
        SoraTelemetry.Requests.Add(1, tags);
        SoraTelemetry.RequestDuration.Record(duration.TotalSeconds, tags);
    }

    internal bool IsGatewayHost(Uri uri) =>
        Uri.Compare(uri, _endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes of a body. A longer body gives its first <paramref name="limit"/> bytes when
    /// <paramref name="truncate"/>, otherwise <see langword="null"/> (also when its declared length says so, before reading anything).
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(HttpContent content, int limit, bool truncate, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > limit && !truncate)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // One byte past the limit tells a body that is too long; a truncated read stops at the limit.
            var cap = truncate ? limit : limit + 1;
            var buffer = new byte[declared is { } length ? Math.Min(length + 1, cap) : Math.Min(16 * 1024, cap)];
            var total = 0;
            int read;
            while (total < cap && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total == buffer.Length && total < cap)
                {
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, cap));
                }
            }

            // Without the cast, null would become an empty array.
            return total <= limit ? buffer.AsMemory(0, total) : truncate ? buffer.AsMemory(0, limit) : (ReadOnlyMemory<byte>?)null;
        }
    }

    /// <summary>The answer <see cref="ReadAnswerAsync"/> kept (read and perhaps parsed already), without another copy.</summary>
    private static async Task<ProviderAnswer> AnswerOfAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.Content is BufferedAnswer buffered ? buffered.Answer : new(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The gateway's request id from the usual headers or the adapter's own (<see cref="ProviderHeaders.RequestIds"/>), when sent.</summary>
    public string? RequestIdOf(HttpResponseMessage response) =>
        HeaderValue(response.Headers, "x-request-id") ?? HeaderValue(response.Headers, "request-id")
        ?? _headers.RequestIds.Select(name => HeaderValue(response.Headers, name)).FirstOrDefault(value => value is not null);

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => MillisecondsHint(response, "retry-after-ms") ?? RetryAfterHint(response);

    private TimeSpan? PollAfterOf(HttpResponseMessage response) =>
        (_headers.PollAfterMilliseconds is { } name ? MillisecondsHint(response, name) : null) ?? RetryAfterOf(response);

    private TimeSpan? MillisecondsHint(HttpResponseMessage response, string name)
    {
        if (HeaderValue(response.Headers, name) is not { } text)
        {
            return null;
        }

        // NaN and infinities parse too, and fail the range check.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0 && millis <= s_maxHint.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(millis)
            : IgnoreHint(name, text);
    }

    /// <summary><c>Retry-After</c> in seconds or as an HTTP date, read from the raw header (HttpClient drops values it cannot parse silently).</summary>
    private TimeSpan? RetryAfterHint(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var text = values.ToString().Trim();
        TimeSpan? wait = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? (seconds <= s_maxHint.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null)
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                ? (date - _timeProvider.GetUtcNow() is var delta && delta <= s_maxHint ? (delta > TimeSpan.Zero ? delta : TimeSpan.Zero) : null)
                : null;
        return wait ?? IgnoreHint("Retry-After", text);
    }

    private TimeSpan? IgnoreHint(string name, string value)
    {
        HttpLog.HintIgnored(_logger, Provider, name, Redactor.Redact(value.Length > 64 ? value[..64] + "..." : value));
        return null;
    }

    private static string? HeaderValue(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>
    /// A success answer read into memory by <see cref="ReadAnswerAsync"/>, in place of the content it was read from (disposed).
    /// Only the sender reads it, and only its body, so the original's headers are not copied.
    /// </summary>
    private sealed class BufferedAnswer : HttpContent
    {
        public BufferedAnswer(ProviderAnswer answer, HttpContent original)
        {
            Answer = answer;
            original.Dispose();
        }

        public ProviderAnswer Answer { get; }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(Answer.Body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = Answer.Body.Length;
            return true;
        }
    }
}
