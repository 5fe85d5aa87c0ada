using System.Reflection;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Tests.Conventions;

/// <summary>
/// Conventions of the public API. The API itself is declared in each package's <c>PublicAPI.*.txt</c>, which the
/// build checks (Microsoft.CodeAnalysis.PublicApiAnalyzers): an undeclared or removed member fails the build.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly Assembly s_library = typeof(IVideoGenerator).Assembly;

    // Classes meant as base types.
    private static readonly HashSet<Type> s_inheritable =
    [
        typeof(DelegatingVideoGenerator), typeof(LoggingVideoGenerator), typeof(VideoGenerationOptions), typeof(VideoProviderOptions),
    ];

    private static IEnumerable<Type> PublicTypes => s_library.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Fact]
    public void PublicClasses_AreSealedUnlessDesignedForInheritance()
    {
        var unsealed = PublicTypes.Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !s_inheritable.Contains(t) && !typeof(Exception).IsAssignableFrom(t));

        Assert.Empty(unsealed);
    }

    [Fact]
    public void AsyncMethods_EndInAsyncAndTakeCancellationTokenLast()
    {
        var offenders = PublicTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && (typeof(Task).IsAssignableFrom(m.ReturnType) || m.ReturnType.Name.StartsWith("IAsyncEnumerable", StringComparison.Ordinal)))
            .Where(m => !m.Name.EndsWith("Async", StringComparison.Ordinal) || m.GetParameters().LastOrDefault()?.ParameterType != typeof(CancellationToken))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

        Assert.Empty(offenders);
    }

    [Fact]
    public void NoPublicTypeLivesInAnInternalNamespace()
    {
        Assert.DoesNotContain(PublicTypes, t => t.Namespace?.Contains(".Internal", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Exceptions_HaveTheStandardConstructors()
    {
        var missing = PublicTypes.Where(t => typeof(Exception).IsAssignableFrom(t)).Where(t =>
            t.GetConstructor(Type.EmptyTypes) is null
            || t.GetConstructor([typeof(string)]) is null
            || t.GetConstructor([typeof(string), typeof(Exception)]) is null);

        Assert.Empty(missing);
    }

    [Fact]
    public void Providers_NeverReferenceEachOther()
    {
        var providers = Path.Combine(RepoRoot(), "src", "SoraClient", "Providers");
        var names = Directory.GetDirectories(providers).Select(Path.GetFileName).ToList();
        var offenders = from provider in names
                        from file in Directory.GetFiles(Path.Combine(providers, provider!), "*.cs", SearchOption.AllDirectories)
                        let text = File.ReadAllText(file)
                        from other in names
                        where other != provider && text.Contains($"SoraClient.Providers.{other}", StringComparison.Ordinal)
                        select $"{Path.GetFileName(file)} references {other}";

        Assert.Empty(offenders);
        Assert.Contains(nameof(OpenAIVideoGenerator)[..6], names);
    }

    [Fact]
    public void EveryLibraryPackage_DeclaresItsPublicApi()
    {
        var libraries = Directory.GetFiles(Path.Combine(RepoRoot(), "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(project => !File.ReadAllText(project).Contains("<PackAsTool>true</PackAsTool>", StringComparison.Ordinal))
            .ToList();

        var undeclared = libraries.Where(project => !File.Exists(Path.Combine(Path.GetDirectoryName(project)!, "PublicAPI.Unshipped.txt"))).Select(Path.GetFileName);

        Assert.Empty(undeclared);
        Assert.Contains(libraries, project => project.EndsWith("SoraClient.csproj", StringComparison.Ordinal));
    }

    internal static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SoraClient.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SoraClient.sln not found above " + AppContext.BaseDirectory);
    }
}
