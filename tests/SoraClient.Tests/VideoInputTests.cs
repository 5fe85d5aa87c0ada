using SoraClient.Testing;

namespace SoraClient.Tests;

public class VideoInputTests
{
    [Fact]
    public void FromUri_Absolute_IsUriInput()
    {
        var input = VideoInput.FromUri(new Uri("https://cdn.example.test/images/cat.png?sig=secret"));

        Assert.True(input.IsUri);
        Assert.Null(input.FilePath);
        Assert.True(input.Data.IsEmpty);
        Assert.Equal("https://cdn.example.test/images/cat.png", input.ToString()); // no query string (signatures)
    }

    [Fact]
    public void FromUri_Relative_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => VideoInput.FromUri(new Uri("images/cat.png", UriKind.Relative)));
        Assert.Equal("uri", ex.ParamName);
    }

    [Fact]
    public void FromUri_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => VideoInput.FromUri(null!));

    [Fact]
    public void FromUri_DataUri_DescribedWithoutItsContent()
    {
        var input = VideoInput.FromUri(new Uri("data:image/png;base64," + Convert.ToBase64String(TestImages.Png(2, 2))));

        Assert.Equal("data: URI", input.ToString());
    }

    [Fact]
    public void FromBytes_WithMediaType_DerivesFileName()
    {
        var png = TestImages.Png(4, 4);

        var input = VideoInput.FromBytes(png, "image/png");

        Assert.False(input.IsUri);
        Assert.Equal(png, input.Data.ToArray());
        Assert.Equal("image/png", input.MediaType);
        Assert.Equal("input.png", input.FileName);
        Assert.Equal($"{png.Length} bytes of image/png", input.ToString());
    }

    [Theory]
    [InlineData("image/jpeg", "input.jpg")]
    [InlineData("IMAGE/WEBP", "input.webp")]
    [InlineData("image/gif", "input")]
    public void FromBytes_MediaType_NamesFileByExtension(string mediaType, string fileName) =>
        Assert.Equal(fileName, VideoInput.FromBytes(new byte[] { 1 }, mediaType).FileName);

    [Fact]
    public void FromBytes_ExplicitFileName_Kept() =>
        Assert.Equal("cat.png", VideoInput.FromBytes(new byte[] { 1 }, "image/png", "cat.png").FileName);

    [Fact]
    public void FromBytes_Empty_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => VideoInput.FromBytes(ReadOnlyMemory<byte>.Empty, "image/png"));
        Assert.Equal("data", ex.ParamName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void FromBytes_NoMediaType_Throws(string? mediaType) =>
        Assert.ThrowsAny<ArgumentException>(() => VideoInput.FromBytes(new byte[] { 1 }, mediaType!));

    [Theory]
    [InlineData("cat.png", "image/png")]
    [InlineData("cat.JPG", "image/jpeg")]
    [InlineData("cat.jpeg", "image/jpeg")]
    [InlineData("cat.webp", "image/webp")]
    public void FromFile_KnownExtension_DerivesMediaType(string name, string mediaType)
    {
        var input = VideoInput.FromFile(Path.Combine("some", "folder", name));

        Assert.Equal(mediaType, input.MediaType);
        Assert.Equal(name, input.FileName);
        Assert.Equal($"file {name}", input.ToString());
    }

    [Fact]
    public void FromFile_UnknownExtension_ThrowsNamingTheFile()
    {
        var ex = Assert.Throws<ArgumentException>(() => VideoInput.FromFile("/tmp/cat.bmp"));

        Assert.Equal("mediaType", ex.ParamName);
        Assert.Contains("cat.bmp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_UnknownExtensionWithMediaType_Accepted() =>
        Assert.Equal("image/png", VideoInput.FromFile("/tmp/cat.bin", "image/png").MediaType);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void FromFile_NoPath_Throws(string? path) =>
        Assert.ThrowsAny<ArgumentException>(() => VideoInput.FromFile(path!));

    [Fact]
    public async Task ReadAsync_FileInput_ReadsFileWhenSent()
    {
        var path = Path.Combine(Path.GetTempPath(), $"soraclient-{Guid.NewGuid():N}.png");
        var png = TestImages.Png(3, 5);
        var input = VideoInput.FromFile(path); // the file does not exist yet: read when sent
        await File.WriteAllBytesAsync(path, png);
        try
        {
            Assert.Equal(png, (await input.ReadAsync(CancellationToken.None)).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
