namespace SoraClient.Emulator;

/// <summary>The names of the gateway protocols the emulator serves, as used by faults, jobs and the request log.</summary>
public static class EmulatorProtocols
{
    /// <summary>The OpenAI-compatible <c>/v1/videos</c> protocol (OpenAI, APIYI, Azure OpenAI v1), served under <c>/openai/v1</c>.</summary>
    public const string OpenAI = "openai";

    /// <summary>GrsAI's <c>/v1/video/sora-video</c>, characters and <c>/v1/draw/result</c>, in its three delivery modes, served under <c>/grsai</c>.</summary>
    public const string GrsAI = "grsai";
    /// <summary>AceData Cloud's Sora API (<c>/sora/videos</c>, <c>/sora/tasks</c>), served under <c>/acedata</c>.</summary>
    public const string AceData = "acedata";

    /// <summary>aivideoapi.ai's Sora 2 (<c>/v1/videos/generations</c>, <c>/v1/tasks/{id}</c>), served under <c>/aivideoapi</c>.</summary>
    public const string AIVideoApi = "aivideoapi";

    /// <summary>
    /// The emulator's stand-in for a CDN, under <c>/media</c>: the result URLs of gateways that return links point
    /// here (no key needed; <c>Range</c> supported; 404 once the job's assets expire).
    /// </summary>
    public const string Media = "media";
}
