using SoraClient.Normalization;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Normalization;

public class ModelCatalogTests
{
    [Fact]
    public void Merge_SameNameInOtherCase_ReplacesDefault()
    {
        var replacement = TestModels.Pro with { Model = "PRO", PricePerSecond = 0.25m };

        var merged = ModelCatalog.Merge(TestModels.All, [replacement]);

        Assert.Equal(3, merged.Count);
        Assert.Same(replacement, merged.Single(m => string.Equals(m.Model, "pro", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Merge_NewName_AddsModel()
    {
        var deployment = TestModels.Pro.WithModel("my-deployment");

        var merged = ModelCatalog.Merge(TestModels.All, [deployment]);

        Assert.Equal(["pro", "clip", "gapped", "my-deployment"], merged.Select(m => m.Model), StringComparer.Ordinal);
        Assert.Equal(TestModels.Pro.Durations, deployment.Durations);
    }

    [Fact]
    public void Merge_NoOverrides_CopiesDefaults()
    {
        var merged = ModelCatalog.Merge(TestModels.All, null);

        Assert.Equal(TestModels.All, merged);
        Assert.NotSame(TestModels.All, merged);
    }

    [Fact]
    public void Problems_ValidModel_None()
    {
        Assert.Empty(ModelCatalog.Problems(TestModels.Pro));
        Assert.Empty(ModelCatalog.Problems(TestModels.Clip));
    }

    [Fact]
    public void Problems_NoName_ReportsOnlyThat() =>
        Assert.Equal(["a model in Models has no Model name"], ModelCatalog.Problems(new VideoModelCapabilities(string.Empty, [], 0, [], string.Empty)), StringComparer.Ordinal);

    [Fact]
    public void Problems_NoDurationsOrSizes_ReportsBoth()
    {
        var problems = ModelCatalog.Problems(new VideoModelCapabilities("empty", [], 0, [], string.Empty)).ToList();

        Assert.Equal(["model 'empty' has no Durations", "model 'empty' has no Sizes"], problems, StringComparer.Ordinal);
    }

    [Fact]
    public void Problems_DefaultsNotInLists_NamesTheSettings()
    {
        var problems = ModelCatalog.Problems(TestModels.Pro with { DefaultDuration = 5, DefaultSize = "999x999" }).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains("DefaultDuration 5 is not one of its Durations", problems[0], StringComparison.Ordinal);
        Assert.Contains("DefaultSize '999x999' is not one of its Sizes", problems[1], StringComparison.Ordinal);
    }
}
