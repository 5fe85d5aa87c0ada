using SoraClient.Jobs.Internal;

namespace SoraClient.Jobs.Tests.Runner;

public sealed class SafeFileNamesTests
{
    [Theory]
    [InlineData("row-1")]
    [InlineData("0042")]
    [InlineData("fox.v2")]
    public void Stem_PlainKey_IsTheKey(string key) => Assert.Equal(key, SafeFileNames.Stem(key));

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("Row-1")]
    [InlineData("con")]
    [InlineData("nul.txt")]
    [InlineData("a_b")]
    [InlineData("trailing.")]
    [InlineData("日本語")]
    public void Stem_OtherKey_IsCleanedAndHashed(string key)
    {
        var stem = SafeFileNames.Stem(key);

        Assert.Matches("^[a-z0-9][a-z0-9.-]*_[0-9a-f]{12}$|^key_[0-9a-f]{12}$", stem);
        Assert.DoesNotContain("..", stem, StringComparison.Ordinal);
    }

    [Fact]
    public void Stem_KeysDifferingOnlyByCaseOrSeparator_GetDifferentNames()
    {
        string[] keys = ["a", "A", "a/b", "a\\b", "a_b", "a-b", "a b"];

        Assert.Equal(keys.Length, keys.Select(SafeFileNames.Stem).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Stem_LongKey_IsShortened()
    {
        var stem = SafeFileNames.Stem(new string('x', 500));

        Assert.True(stem.Length <= 73, stem);
    }

    [Fact]
    public void PathFor_StaysDirectlyInTheFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "out");

        Assert.Equal(folder, Path.GetDirectoryName(SafeFileNames.PathFor(folder, "../../../x", ".mp4")));
        Assert.Equal(Path.Combine(folder, "row-1.mp4"), SafeFileNames.PathFor(folder, "row-1", ".mp4"));
    }
}
