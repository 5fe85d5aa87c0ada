using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SoraClient.Emulator.Protocols;

/// <summary>
/// One gateway protocol served under its own path prefix. To add a protocol: a sibling folder of <c>OpenAI/</c>
/// with a class implementing this, a name in <see cref="EmulatorProtocols"/>, its DTOs in <see cref="EmulatorJsonContext"/>,
/// and one line in <see cref="SoraEmulator"/>'s protocol list. Jobs (<see cref="Jobs.JobStore"/>), media
/// (<see cref="Media.MediaAssets"/>) and faults are shared.
/// </summary>
internal interface IEmulatorProtocol
{
    /// <summary>Gets the name used by faults, jobs and the request log (see <see cref="EmulatorProtocols"/>).</summary>
    string Name { get; }

    /// <summary>Gets the path prefix, without a trailing slash (e.g. <c>/openai/v1</c>).</summary>
    string Prefix { get; }

    /// <summary>Maps the protocol's endpoints on a route group rooted at <see cref="Prefix"/>.</summary>
    /// <param name="routes">The route group.</param>
    void MapRoutes(RouteGroupBuilder routes);

    /// <summary>Answers an injected error fault (rate limit, insufficient balance, server error) in the protocol's own envelope.</summary>
    /// <param name="context">The request; <c>Retry-After</c> headers are already set.</param>
    /// <param name="fault">The fault, with its <see cref="EmulatorFault.Kind"/> and <see cref="EmulatorFault.StatusCode"/>.</param>
    /// <returns>A task that completes when the answer is written.</returns>
    Task WriteFaultAsync(HttpContext context, EmulatorFault fault);
}
