namespace SoraClient.ContractTests.FaultMatrix;

/// <summary>
/// The README's reliability table is <see cref="FaultMatrixCases.RenderTable"/>, between its markers. With
/// <c>SORA_UPDATE_README=1</c> the test rewrites the section instead of failing.
/// </summary>
public sealed class FaultMatrixReadmeTests
{
    private const string Start = "<!-- fault-matrix:start -->";
    private const string End = "<!-- fault-matrix:end -->";

    [Fact]
    public async Task FaultMatrix_the_README_table_is_rendered_from_the_cases()
    {
        var path = Path.Combine(RepoRoot(), "README.md");
        var readme = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        var start = readme.IndexOf(Start, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no {Start} ... {End} section.");

        var expected = "\n" + FaultMatrixCases.RenderTable();
        var current = readme[(start + Start.Length)..end];
        if (current == expected)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("SORA_UPDATE_README") == "1")
        {
            await File.WriteAllTextAsync(path, readme[..(start + Start.Length)] + expected + readme[end..]);
            return;
        }

        Assert.Fail("README.md's fault matrix differs from FaultMatrix/FaultMatrixCases.cs. Regenerate it with " +
            "`SORA_UPDATE_README=1 dotnet test tests/SoraClient.ContractTests --filter FaultMatrix` and commit README.md. Expected section:\n" + expected);
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SoraClient.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SoraClient.sln not found above " + AppContext.BaseDirectory);
    }
}
