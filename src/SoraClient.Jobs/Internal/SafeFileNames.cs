using System.Security.Cryptography;
using System.Text;

namespace SoraClient.Jobs.Internal;

/// <summary>
/// Turns a row key into a file name that stays inside the output folder and belongs to that key alone: a key made of
/// lower-case letters, digits, '.' and '-' is used as is; any other key becomes its cleaned form, '_' and a hash of the
/// key. Plain names never contain '_', so two keys never share a file (even on case-insensitive file systems).
/// </summary>
internal static class SafeFileNames
{
    private const int MaxStem = 60;
    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static string Stem(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (IsPlain(key))
        {
            return key;
        }

        var cleaned = new StringBuilder(Math.Min(key.Length, MaxStem));
        foreach (var c in key)
        {
            if (cleaned.Length == MaxStem)
            {
                break;
            }

            cleaned.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12].ToLowerInvariant();
        var stem = cleaned.ToString().Trim('-');
        return $"{(stem.Length == 0 ? "key" : stem)}_{hash}";
    }

    /// <summary>The full path of the key's file in <paramref name="folder"/>, checked to be directly inside it.</summary>
    public static string PathFor(string folder, string key, string extension)
    {
        var root = Path.GetFullPath(folder);
        var path = Path.GetFullPath(Path.Combine(root, Stem(key) + extension));
        if (!string.Equals(Path.GetDirectoryName(path), root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The file name for key '{key}' leaves the output folder."); // unreachable with the names above; a last guard
        }

        return path;
    }

    private static bool IsPlain(string key) =>
        key.Length <= MaxStem
        && char.IsAsciiLetterOrDigit(key[0])
        && !key.EndsWith('.')
        && key.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c is '-' or '.')
        && !s_reserved.Contains(key.Split('.')[0]);
}
