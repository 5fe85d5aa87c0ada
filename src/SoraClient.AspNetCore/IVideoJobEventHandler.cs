using System.Diagnostics.CodeAnalysis;

namespace SoraClient.AspNetCore;

/// <summary>
/// Receives the updates webhooks deliver, after they were verified and confirmed (see <see cref="SoraWebhookOptions.ConfirmCallbacks"/>).
/// Register implementations in the service collection; each update is handed to every one, in a service scope of its own,
/// off the request thread. A job's states arrive in order and never go backwards; each state arrives once per process.
/// An exception is logged and does not reach the gateway.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "The name the design gives it: it handles job events, it is not a delegate.")]
public interface IVideoJobEventHandler
{
    /// <summary>Handles a job's new state.</summary>
    /// <param name="job">The confirmed job; <see cref="VideoJob.Provider"/> names the registration.</param>
    /// <param name="cancellationToken">Signals that the application is stopping.</param>
    /// <returns>A task that completes when the update is handled.</returns>
    Task OnJobUpdatedAsync(VideoJob job, CancellationToken cancellationToken);
}
