using SoraClient.Emulator.Protocols;

namespace SoraClient.Emulator.Hosting;

/// <summary>
/// Which protocol a request is for and its path relative to the protocol's prefix (e.g. <c>/videos/video_1</c>).
/// Set as an HTTP feature before faults and endpoints run.
/// </summary>
internal sealed record ProtocolRequest(IEmulatorProtocol Protocol, string Method, string Path);
