namespace SoraClient.Tests;

public class VideoJobReferenceTests
{
    [Fact]
    public void Parse_ProviderAndId_SplitsAtFirstColon()
    {
        var reference = VideoJobReference.Parse("apiyi:video_123");

        Assert.Equal("apiyi", reference.Provider);
        Assert.Equal("video_123", reference.JobId);
    }

    [Theory]
    [InlineData("grsai:task:2025:abc", "grsai", "task:2025:abc")]
    [InlineData("acedata:urn:uuid:1b4e28ba", "acedata", "urn:uuid:1b4e28ba")]
    [InlineData("x:y:", "x", "y:")]
    public void Parse_IdWithColons_KeepsThemInTheId(string text, string provider, string id)
    {
        var reference = VideoJobReference.Parse(text);

        Assert.Equal(new VideoJobReference(provider, id), reference);
        Assert.Equal(text, reference.ToString());
    }

    [Fact]
    public void ToString_ThenParse_RoundTrips()
    {
        var reference = new VideoJobReference("openai", "video_68d7:a");

        Assert.Equal("openai:video_68d7:a", reference.ToString());
        Assert.Equal(reference, VideoJobReference.Parse(reference.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("video_123")]
    [InlineData(":video_123")]
    [InlineData("openai:")]
    [InlineData("  :video_123")]
    [InlineData("openai:   ")]
    public void TryParse_NotAReference_ReturnsFalse(string? text)
    {
        Assert.False(VideoJobReference.TryParse(text, out var reference));
        Assert.Equal(default, reference);
    }

    [Theory]
    [InlineData("video_123")]
    [InlineData("openai:")]
    [InlineData("openai:  ")]
    public void Parse_NotAReference_ThrowsFormatExceptionShowingTheExpectedForm(string text)
    {
        var ex = Assert.Throws<FormatException>(() => VideoJobReference.Parse(text));

        Assert.Contains("provider:id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_OfJob_IsProviderAndId()
    {
        var job = new VideoJob { Id = "task:1", Provider = "grsai" };

        Assert.Equal(new VideoJobReference("grsai", "task:1"), job.Reference);
        Assert.Equal("grsai:task:1", job.Reference.ToString());
    }
}
