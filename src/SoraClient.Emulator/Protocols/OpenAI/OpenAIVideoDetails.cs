namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>What the OpenAI protocol stores with a job.</summary>
internal sealed record OpenAIVideoDetails(string Model, string Size, string Seconds, string? RemixedFromVideoId);
