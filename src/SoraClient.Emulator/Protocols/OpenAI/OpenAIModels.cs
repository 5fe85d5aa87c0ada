namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>What the OpenAI protocol accepts: models, durations and sizes (CONTRACTS §2.3).</summary>
internal static class OpenAIModels
{
    public const string DefaultModel = "sora-2";
    public const string DefaultSeconds = "4";
    public const string DefaultSize = "720x1280";

    public static IReadOnlyList<string> Models { get; } =
        ["sora-2", "sora-2-pro", "sora-2-2025-10-06", "sora-2-2025-12-08", "sora-2-pro-2025-10-06"];

    public static IReadOnlyList<string> Seconds { get; } = ["4", "8", "12"];

    /// <summary>sora-2 and its snapshots: 720p only.</summary>
    public static IReadOnlyList<string> StandardSizes { get; } = ["720x1280", "1280x720"];

    /// <summary>sora-2-pro and its snapshots: 720p, 1024p and 1080p.</summary>
    public static IReadOnlyList<string> ProSizes { get; } = ["720x1280", "1280x720", "1024x1792", "1792x1024", "1080x1920", "1920x1080"];

    public static IReadOnlyList<string> SizesFor(string model) =>
        model.StartsWith("sora-2-pro", StringComparison.Ordinal) ? ProSizes : StandardSizes;

    /// <summary>Width and height of a validated size such as <c>1280x720</c>.</summary>
    public static (int Width, int Height) Dimensions(string size)
    {
        var separator = size.IndexOf('x', StringComparison.Ordinal);
        return (int.Parse(size.AsSpan(0, separator), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(size.AsSpan(separator + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
