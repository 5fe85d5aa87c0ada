namespace SoraClient.Emulator.Faults;

/// <summary>Matches request paths against fault patterns: <c>*</c> is one segment, <c>**</c> any number of segments.</summary>
internal static class PathPattern
{
    public static string Normalize(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        pattern = pattern.Trim();
        return pattern.StartsWith('/') ? pattern : "/" + pattern;
    }

    public static bool IsMatch(string pattern, string path)
    {
        var patternSegments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pathSegments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return IsMatch(patternSegments, pathSegments);
    }

    private static bool IsMatch(ReadOnlySpan<string> pattern, ReadOnlySpan<string> path)
    {
        if (pattern.IsEmpty)
        {
            return path.IsEmpty;
        }

        if (string.Equals(pattern[0], "**", StringComparison.Ordinal))
        {
            for (var skip = 0; skip <= path.Length; skip++)
            {
                if (IsMatch(pattern[1..], path[skip..]))
                {
                    return true;
                }
            }

            return false;
        }

        return !path.IsEmpty
            && (string.Equals(pattern[0], "*", StringComparison.Ordinal) || string.Equals(pattern[0], path[0], StringComparison.Ordinal))
            && IsMatch(pattern[1..], path[1..]);
    }
}
