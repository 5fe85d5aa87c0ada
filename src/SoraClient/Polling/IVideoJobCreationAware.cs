namespace SoraClient.Polling;

/// <summary>
/// An adapter that reads a job differently once it knows when the job was created: GrsAI answers <c>-22</c> (not found)
/// for a task it has not registered yet, which means "queued" only shortly after its creation. A wait started with a job
/// (submitted here, or resumed from a record in another process) tells the adapter, through the middleware's
/// <see cref="IVideoGenerator.GetService"/>, so a job resumed elsewhere reads as it would in the process that submitted it.
/// </summary>
internal interface IVideoJobCreationAware
{
    /// <summary>Notes the job's creation time, when the job carries one (<see cref="VideoJob.CreatedAt"/>).</summary>
    /// <param name="job">The job a wait starts with.</param>
    void Resuming(VideoJob job);
}
