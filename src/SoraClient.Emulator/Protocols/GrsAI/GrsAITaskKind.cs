namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>What a GrsAI task makes.</summary>
internal enum GrsAITaskKind
{
    Video,
    Character,
}
