using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;
using SoraClient.Download;

namespace SoraClient.Http;

/// <summary>
/// The one way adapters talk HTTP: applies the operation's resilience pipeline, authenticates requests to the
/// gateway (and only to the gateway), turns error responses into typed exceptions, redacts secrets, logs and traces.
/// </summary>
internal sealed class ProviderHttpSender
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxRedirects = 5;
    private readonly HttpClient _httpClient;
    private readonly Uri _endpoint;
    private readonly Action<HttpRequestMessage> _authenticate;
    private readonly ProviderErrorParser _parseError;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _submit;
    private readonly ResiliencePipeline _status;
    private readonly ResiliencePipeline _download;

    public ProviderHttpSender(HttpClient httpClient, string provider, Uri endpoint, VideoProviderOptions options,
        Action<HttpRequestMessage> authenticate, ProviderErrorParser parseError, TimeProvider timeProvider, ILogger logger)
    {
        _httpClient = httpClient;
        Provider = provider;
        _endpoint = endpoint;
        _authenticate = authenticate;
        _parseError = parseError;
        _timeProvider = timeProvider;
        _logger = logger;
        Redactor = new SecretRedactor(options.ApiKey);
        DownloadIdleTimeout = options.DownloadIdleTimeout;
        MaxResumes = Math.Max(1, options.MaxRetries);
        _submit = ResiliencePipelines.Create(HttpOperation.Submit, provider, options, timeProvider, logger);
        _status = ResiliencePipelines.Create(HttpOperation.Status, provider, options, timeProvider, logger);
        _download = ResiliencePipelines.Create(HttpOperation.Download, provider, options, timeProvider, logger);
    }

    public string Provider { get; }

    public SecretRedactor Redactor { get; }

    public TimeProvider TimeProvider => _timeProvider;

    public ILogger Logger => _logger;

    public TimeSpan DownloadIdleTimeout { get; }

    public int MaxResumes { get; }

    /// <summary>Sends a request and parses its JSON body; any error (HTTP or envelope) becomes a typed exception.</summary>
    public async Task<ProviderResponse<T>> SendAsync<T>(HttpOperation operation, Func<HttpRequestMessage> createRequest,
        JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await ExecuteAsync(operation, createRequest, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var requestId = RequestIdOf(response);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException ex)
        {
            throw Unreadable(operation, InvalidResponse((int)response.StatusCode, requestId, body, ex));
        }

        if (value is null)
        {
            throw Unreadable(operation, InvalidResponse((int)response.StatusCode, requestId, body, null));
        }

        return new ProviderResponse<T>(value, (int)response.StatusCode, requestId, PollAfterOf(response));
    }

    /// <summary>
    /// Sends a request and parses its body with <paramref name="parse"/>, for gateways whose JSON comes framed (GrsAI
    /// may prefix it with <c>data:</c>). A <see cref="JsonException"/> or <see langword="null"/> from the parser becomes
    /// the typed invalid-response error; any error (HTTP or envelope) becomes a typed exception.
    /// </summary>
    public async Task<ProviderResponse<T>> SendAsync<T>(HttpOperation operation, Func<HttpRequestMessage> createRequest,
        Func<ReadOnlyMemory<byte>, T?> parse, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await ExecuteAsync(operation, createRequest, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var requestId = RequestIdOf(response);
        T? value = null;
        JsonException? error = null;
        try
        {
            value = parse(body);
        }
        catch (JsonException ex)
        {
            error = ex;
        }

        return value is not null
            ? new ProviderResponse<T>(value, (int)response.StatusCode, requestId, PollAfterOf(response))
            : throw InvalidResponse((int)response.StatusCode, requestId, body, error);
    }

    /// <summary>Sends a request and returns the open response once its headers arrive (for streamed bodies). HTTP errors become typed exceptions.</summary>
    public Task<HttpResponseMessage> SendStreamingAsync(HttpOperation operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, createRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>Opens an asset for streaming; reads resume with <c>Range</c> after a dropped connection or an idle period.</summary>
    public async Task<VideoContent> OpenContentAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var response = await ExecuteAsync(HttpOperation.Download, createRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await ResumableDownloadStream.StartAsync(this, createRequest, response, cancellationToken).ConfigureAwait(false);
            return new VideoContent(stream, response.Content.Headers.ContentType?.MediaType, stream.ExpectedLength);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a result URL the gateway handed out, which may be on a CDN (the key goes only to the gateway's own host).
    /// A refusal from another host (401, 403, 404, 410) means the link expired or was withdrawn, and says so, without the
    /// URL (signed links carry credentials in their query).
    /// </summary>
    public async Task<VideoContent> OpenAssetAsync(Uri uri, string jobId, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenContentAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        }
        catch (VideoProviderException ex) when (ex.StatusCode is 401 or 403 or 404 or 410 && !IsGatewayHost(uri))
        {
            const string Code = "asset_unavailable";
            throw new VideoProviderException(Provider, Format(ex.StatusCode, Code, $"{uri.Host} refused the video link of job {jobId}; the link has probably expired", null), ex.StatusCode, Code, ex)
            {
                ResponseBody = ex.ResponseBody,
            };
        }
    }

    /// <summary>Creates the exception for a response the gateway could not have meant (malformed or empty JSON).</summary>
    public VideoProviderException InvalidResponse(int statusCode, string? requestId, ReadOnlyMemory<byte> body, Exception? inner) =>
        new(Provider, Format(statusCode, "invalid_response", "the response could not be read as the documented JSON", requestId), statusCode, "invalid_response", inner)
        {
            RequestId = requestId,
            IsTransient = true,
            ResponseBody = Redactor.RedactBody(Encoding.UTF8.GetString(body.Span)),
        };

    /// <summary>Creates the invalid-response exception for a JSON answer that parsed but is not the documented shape.</summary>
    public VideoProviderException InvalidResponse(ProviderResponse<JsonElement> response, Exception? inner) =>
        InvalidResponse(response.StatusCode, response.RequestId, Encoding.UTF8.GetBytes(response.Value.GetRawText()), inner);

    /// <summary>
    /// Maps a JSON answer with <paramref name="read"/>. What a mapper throws on an unexpected shape (a
    /// <see cref="JsonException"/>, an <see cref="InvalidOperationException"/> from reading an element as the wrong kind,
    /// a <see cref="FormatException"/> from a malformed value or URL) becomes the typed invalid-response error.
    /// </summary>
    public T Read<T>(ProviderResponse<JsonElement> response, Func<JsonElement, T> read)
    {
        try
        {
            return read(response.Value);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw InvalidResponse(response, ex);
        }
    }

    /// <summary>Creates the typed exception for a gateway error.</summary>
    public VideoProviderException CreateException(ProviderError error, int? statusCode, string? requestId, TimeSpan? retryAfter, string? body)
    {
        requestId = error.RequestId ?? requestId;
        retryAfter = error.RetryAfter ?? retryAfter;
        body = Redactor.RedactBody(body);
        var message = Format(statusCode, error.Code, Redactor.Redact(error.Message), requestId);
        var code = error.Code;
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
    private Exception Unreadable(HttpOperation operation, VideoProviderException invalid) =>
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

    private async Task<HttpResponseMessage> SendOnceAsync(HttpOperation operation, Func<HttpRequestMessage> createRequest,
        HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        if (request.RequestUri is { } uri && IsGatewayHost(uri))
        {
            _authenticate(request);
        }

        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        using var activity = SoraTelemetry.Source.StartActivity($"{Provider} {operation}", ActivityKind.Client);
        activity?.SetTag("sora.provider", Provider);
        activity?.SetTag("sora.operation", operation.ToString());
        activity?.SetTag("http.request.method", method);
        activity?.SetTag("server.address", request.RequestUri?.Host);
        activity?.SetTag("url.path", path);
        var started = _timeProvider.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await SendFollowingRedirectsAsync(request, createRequest, completion, cancellationToken).ConfigureAwait(false);
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

        var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
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
            using var next = createRequest(); // the same request (Range, Accept...) for the new address
            next.RequestUri = target;
            if (IsGatewayHost(target))
            {
                _authenticate(next);
            }

            HttpLog.Redirect(_logger, Provider, target.Host, target.AbsolutePath);
            response = await _httpClient.SendAsync(next, completion, cancellationToken).ConfigureAwait(false);
            from = target;
        }

        return response;
    }

    private static Uri? RedirectTarget(HttpResponseMessage response, Uri from) =>
        (int)response.StatusCode is 301 or 302 or 303 or 307 or 308
        && response.Headers.Location is { } location
        && new Uri(from, location) is { Scheme: "http" or "https" } target
            ? target
            : null;

    /// <summary>Reads a buffered response's error, if any (an HTTP error, or an error envelope in a 2xx body); disposes the response when it is one.</summary>
    private async Task<VideoProviderException?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await ReadLimitedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var error = _parseError(status, body)
            ?? (response.IsSuccessStatusCode ? null : new ProviderError(ProviderError.KindOf(status), null, response.ReasonPhrase ?? "no message"));
        if (error is null)
        {
            return null;
        }

        using (response)
        {
            return CreateException(error, status, RequestIdOf(response), RetryAfterOf(response), Encoding.UTF8.GetString(body.Span));
        }
    }

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

    private bool IsGatewayHost(Uri uri) =>
        Uri.Compare(uri, _endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // A body of known, small length (every buffered response) is read as it is: no 64 KB scratch buffer per call.
        if (content.Headers.ContentLength is { } length and <= MaxErrorBodyBytes)
        {
            return await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxErrorBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return buffer.AsMemory(0, total);
        }
    }

    /// <summary>The gateway's request id from the usual headers, when sent.</summary>
    public static string? RequestIdOf(HttpResponseMessage response) =>
        HeaderValue(response.Headers, "x-request-id") ?? HeaderValue(response.Headers, "request-id") ?? HeaderValue(response.Headers, "apim-request-id");

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        if (HeaderValue(response.Headers, "retry-after-ms") is { } ms && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _timeProvider.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
    }

    private TimeSpan? PollAfterOf(HttpResponseMessage response) =>
        HeaderValue(response.Headers, "openai-poll-after-ms") is { } ms && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0
            ? TimeSpan.FromMilliseconds(millis)
            : RetryAfterOf(response);

    private static string? HeaderValue(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
