using System.Text;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>
/// Writes characters into a prompt the way GrsAI reads them: <c>@{id}</c>, exactly once per character. A prompt that
/// already says <c>@id</c> is left alone; a bare <c>id</c> (as in GrsAI's own first example) gets its <c>@</c>;
/// otherwise <c>@id</c> is appended.
/// </summary>
internal static class GrsAIPrompt
{
    public static string WithCharacters(string prompt, IEnumerable<string> characters)
    {
        var text = new StringBuilder(prompt);
        foreach (var character in characters.Select(c => c.Trim().TrimStart('@')).Distinct(StringComparer.Ordinal))
        {
            var current = text.ToString();
            if (FindWord(current, "@" + character) >= 0)
            {
                continue;
            }

            var bare = FindWord(current, character);
            if (bare >= 0)
            {
                text.Insert(bare, '@');
            }
            else
            {
                text.Append(current.Length == 0 || char.IsWhiteSpace(current[^1]) ? string.Empty : " ").Append('@').Append(character);
            }
        }

        return text.ToString();
    }

    /// <summary>The first occurrence of <paramref name="word"/> not glued to other id characters (letters, digits, <c>_</c>, <c>-</c>, <c>.</c>, <c>@</c>).</summary>
    private static int FindWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            var startsClean = at == 0 || !IsIdCharacter(text[at - 1]);
            var endsClean = end == text.Length || !IsIdCharacter(text[end]) || (text[end] == '.' && (end + 1 == text.Length || !IsIdCharacter(text[end + 1])));
            if (startsClean && endsClean)
            {
                return at;
            }
        }

        return -1;
    }

    private static bool IsIdCharacter(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '@';
}
