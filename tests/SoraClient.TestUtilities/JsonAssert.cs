using System.Text.Json.Nodes;
using Xunit;

namespace SoraClient.Testing;

/// <summary>Compares JSON documents by meaning (property order and white space do not matter).</summary>
public static class JsonAssert
{
    public static void Equal(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}{Environment.NewLine}actual   {actual}");
}
