namespace SoraClient.Http;

/// <summary>
/// Reads a gateway's error from a response. Called for every response: for a 2xx body it returns
/// <see langword="null"/> unless the body is an error envelope (GrsAI and AceData report errors inside HTTP 200).
/// </summary>
/// <param name="statusCode">The HTTP status.</param>
/// <param name="body">The response body (possibly empty).</param>
/// <returns>The error, or <see langword="null"/> for a successful response.</returns>
internal delegate ProviderError? ProviderErrorParser(int statusCode, ReadOnlyMemory<byte> body);
