using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SoraClient.IntegrationTests.Readme;

/// <summary>
/// Every <c>```csharp</c> block of the READMEs compiles against the shipped packages, so the README cannot drift from
/// the API. A snippet is compiled as a program's top-level statements: its <c>using</c> lines are hoisted, common
/// namespaces are imported, and the names fragments take for granted (<c>builder</c>, <c>http</c>, <c>generator</c>,
/// ...) are declared as fields its own declarations may shadow. A block preceded by
/// <c>&lt;!-- snippet: not compiled (reason) --&gt;</c> is left out, and must say why.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private const string OptOut = "<!-- snippet: not compiled";

    private static readonly string[] s_files = ["README.md", "src/SoraClient/README.md", "src/SoraClient.Emulator/README.md", "src/SoraClient.Emulator.Tool/README.md", "src/SoraClient.AspNetCore/README.md", "src/SoraClient.Jobs/README.md", "src/SoraClient.Jobs.PostgreSql/README.md"];

    private static readonly string[] s_namespaces =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Http", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging", "SoraClient", "SoraClient.AspNetCore", "SoraClient.Emulator", "SoraClient.Jobs", "SoraClient.Providers.AceData",
        "SoraClient.Providers.AIVideoApi", "SoraClient.Providers.GrsAI", "SoraClient.Providers.OpenAI", "Xunit",
    ];

    // What fragments use without declaring; a snippet's own declaration of the same name shadows these.
    private const string Ambient = """

        partial class Program
        {
            static WebApplicationBuilder builder = WebApplication.CreateBuilder();
            static IServiceProvider services = null!;
            static HttpClient http = null!;
            static IVideoGenerator generator = null!;
            static IVideoGenerator acedata = null!;
            static VideoGenerationRequest request = null!;
            static string key = "";
            static TimeProvider manualClock = TimeProvider.System;
        }
        """;

    // The README's test snippet names FakeTimeProvider (Microsoft.Extensions.TimeProvider.Testing, not referenced here).
    private const string FakeTimeProviderStandIn = """

        sealed class FakeTimeProvider : TimeProvider
        {
            public void Advance(TimeSpan delta) { }
        }
        """;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> s_references = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        var references = new List<MetadataReference>();
        foreach (var path in platform.Concat(local).DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
                if (reader.HasMetadata)
                {
                    references.Add(MetadataReference.CreateFromFile(path));
                }
            }
            catch (BadImageFormatException)
            {
                // a native library
            }
        }

        return references;
    });

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, line, _, optedOut) in ReadBlocks())
        {
            if (optedOut is null)
            {
                data.Add(file, line);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_Compiles(string file, int line)
    {
        var code = ReadBlocks().Single(b => b.File == file && b.Line == line).Code;
        var usings = code.Split('\n').Where(l => UsingDirective().IsMatch(l)).ToList();
        var body = string.Join('\n', code.Split('\n').Select(l => UsingDirective().IsMatch(l) ? string.Empty : l)); // keeps line numbers
        var header = string.Concat(s_namespaces.Select(n => $"using {n};")) + string.Join(' ', usings) + "\n";
        var source = header + body + Ambient + (code.Contains("FakeTimeProvider", StringComparison.Ordinal) ? FakeTimeProviderStandIn : string.Empty);

        var compilation = CSharpCompilation.Create("ReadmeSnippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview))],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{file}:{line + d.Location.GetLineSpan().StartLinePosition.Line - 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();

        Assert.True(errors.Count == 0, $"The snippet at {file}:{line} does not compile:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void Snippets_AreFoundAndOptOutsSayWhy()
    {
        var blocks = ReadBlocks().ToList();

        Assert.True(blocks.Count(b => b.File == "README.md") >= 8, "README.md has fewer csharp blocks than expected: is the parser broken?");
        Assert.All(blocks.Where(b => b.OptedOut is not null), b => Assert.Matches(@"\(.{10,}\)", b.OptedOut));
    }

    /// <summary>Every csharp block: its file, the line of its first code line, the code, and the opt-out comment before it.</summary>
    private static IEnumerable<(string File, int Line, string Code, string? OptedOut)> ReadBlocks()
    {
        var root = RepoRoot();
        foreach (var file in s_files)
        {
            var lines = File.ReadAllLines(Path.Combine(root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp")
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                var previous = lines.Take(i).LastOrDefault(l => l.Trim().Length > 0);
                yield return (file, i + 2, string.Join('\n', lines[(i + 1)..end]),
                    previous?.Trim().StartsWith(OptOut, StringComparison.Ordinal) == true ? previous.Trim() : null);
                i = end;
            }
        }
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

    [GeneratedRegex(@"^\s*using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>]+)?\s*;\s*$")]
    private static partial Regex UsingDirective();
}
