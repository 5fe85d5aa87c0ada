using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Tests.Conventions;

/// <summary>
/// Keeps the shipped API deliberate: the public surface is compared with <c>src/SoraClient/SoraClient.api.txt</c>
/// (update it with <c>SORA_UPDATE_API=1 dotnet test</c> and review the diff), and a few conventions are enforced.
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
    public void PublicApi_MatchesSnapshot()
    {
        var actual = Describe();
        var path = Path.Combine(RepoRoot(), "src", "SoraClient", "SoraClient.api.txt");
        if (Environment.GetEnvironmentVariable("SORA_UPDATE_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        var firstDifference = expected.Split('\n').Zip(actual.Split('\n')).Select((pair, line) => (pair, line)).FirstOrDefault(x => x.pair.First != x.pair.Second);
        Assert.True(expected == actual,
            $"The public API changed. Review it, then run 'SORA_UPDATE_API=1 dotnet test' to update {path}. First difference at line {firstDifference.line + 1}:\n- {firstDifference.pair.First}\n+ {firstDifference.pair.Second}");
    }

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

    internal static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SoraClient.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SoraClient.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Describe()
    {
        var text = new StringBuilder();
        foreach (var type in PublicTypes)
        {
            text.Append(TypeHeader(type)).Append('\n');
            foreach (var member in Members(type))
            {
                text.Append("    ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string TypeHeader(Type type)
    {
        var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct" : IsRecord(type) ? "record" : "class";
        var modifiers = type.IsClass && type.IsAbstract && type.IsSealed ? "static " : type.IsClass && type.IsAbstract ? "abstract " : type.IsClass && type.IsSealed ? "sealed " : string.Empty;
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(Name(baseType));
        }

        if (!type.IsEnum)
        {
            bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic && !(IsRecord(type) && i.Name.StartsWith("IEquatable", StringComparison.Ordinal))).Select(Name).Order(StringComparer.Ordinal));
        }

        return $"{modifiers}{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty)}";
    }

    private static IEnumerable<string> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.IsEnum)
        {
            return Enum.GetNames(type);
        }

        var members = new List<string>();
        foreach (var member in type.GetMembers(flags))
        {
            switch (member)
            {
                case ConstructorInfo c when Visible(c) && !(IsRecord(type) && c.GetParameters() is [{ } only] && only.ParameterType == type):
                    members.Add($"{Access(c)}ctor({Parameters(c)})");
                    break;
                case MethodInfo m when Visible(m) && !m.IsSpecialName && !IsCompilerGenerated(m) && !IsRecordPlumbing(type, m):
                    members.Add($"{Access(m)}{(m.IsStatic ? "static " : m.IsAbstract && !type.IsInterface ? "abstract " : m.IsVirtual && !m.IsFinal && !type.IsInterface && m.GetBaseDefinition() == m ? "virtual " : m.GetBaseDefinition() != m ? "override " : string.Empty)}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})");
                    break;
                case PropertyInfo p when (p.GetMethod is { } get && Visible(get)) || (p.SetMethod is { } set && Visible(set)):
                    var setter = p.SetMethod is { } s && Visible(s) ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? " init;" : " set;") : string.Empty;
                    var getter = (p.GetMethod ?? p.SetMethod)!;
                    members.Add($"{Access(getter)}{(getter.IsStatic ? "static " : string.Empty)}{Name(p.PropertyType)} {p.Name} {{ get;{setter} }}");
                    break;
                case FieldInfo f when (f.IsPublic || f.IsFamily) && !f.IsSpecialName:
                    members.Add($"{(f.IsLiteral ? "const " : f.IsStatic ? "static readonly " : string.Empty)}{Name(f.FieldType)} {f.Name}");
                    break;
            }
        }

        return members.Order(StringComparer.Ordinal);
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? string.Empty : "protected ";

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null || type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    private static bool IsCompilerGenerated(MethodInfo method) => method.IsDefined(typeof(CompilerGeneratedAttribute)) && method.Name.StartsWith('<');

    private static bool IsRecordPlumbing(Type type, MethodInfo method) =>
        IsRecord(type) && method.Name is "Equals" or "GetHashCode" or "ToString" or "PrintMembers" or "Deconstruct" or "op_Equality" or "op_Inequality";

    private static string Generic(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        $"{(p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : string.Empty)}{(method.IsDefined(typeof(ExtensionAttribute)) && p.Position == 0 ? "this " : string.Empty)}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        var name = type.IsGenericParameter ? type.Name : type.Namespace is "System" or "System.Threading" or "System.Threading.Tasks" or "System.Collections.Generic" ? type.Name : type.FullName ?? type.Name;
        if (!type.IsGenericType)
        {
            return name.Replace('+', '.');
        }

        var baseName = name[..name.IndexOf('`', StringComparison.Ordinal)];
        return $"{baseName}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }
}
