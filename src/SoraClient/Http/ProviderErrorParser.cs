namespace SoraClient.Http;

/// <summary>
/// Reads a gateway's error from a response. Called for every response: for a 2xx body it returns
/// <see langword="null"/> unless the body is an error envelope (GrsAI and AceData report errors inside HTTP 200).
/// A parser that reads a 2xx body reads it through <paramref name="answer"/> (<see cref="ProviderAnswer.Json"/>,
/// <see cref="ProviderAnswer.Parse{T}"/>), so that the call reading the answer afterwards does not parse it again.
/// </summary>
/// <param name="statusCode">The HTTP status.</param>
/// <param name="answer">The response body (possibly empty).</param>
/// <returns>The error, or <see langword="null"/> for a successful response.</returns>
internal delegate ProviderError? ProviderErrorParser(int statusCode, ProviderAnswer answer);
