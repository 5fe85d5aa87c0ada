namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>A validated <c>POST /videos</c> body, defaults applied.</summary>
internal sealed record OpenAICreateRequest(string Prompt, string Model, string Seconds, string Size, IReadOnlyList<string> CharacterIds);
