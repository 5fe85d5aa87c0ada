using SoraClient.Emulator.Media;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class ImageHeaderTests
{
    [Theory]
    [InlineData(720, 1280)]
    [InlineData(1920, 1080)]
    [InlineData(1, 1)]
    public void TryRead_Png_ReadsDimensions(int width, int height)
    {
        Assert.True(ImageHeader.TryRead(TestImages.Png(width, height), out var info));

        Assert.Equal(new ImageInfo("image/png", width, height), info);
    }

    [Fact]
    public void TryRead_EmbeddedJpegSpritesheet_Reads320x45()
    {
        Assert.True(ImageHeader.TryRead(MediaAssets.Spritesheet.Content.Span, out var info));

        Assert.Equal(new ImageInfo("image/jpeg", 320, 45), info);
    }

    [Fact]
    public void TryRead_EmbeddedLossyWebPThumbnail_Reads160x90()
    {
        Assert.True(ImageHeader.TryRead(MediaAssets.Thumbnail.Content.Span, out var info));

        Assert.Equal(new ImageInfo("image/webp", 160, 90), info);
    }

    [Fact]
    public void TryRead_LosslessWebPHeader_ReadsDimensions()
    {
        // RIFF, size, WEBP, VP8L chunk, signature 0x2F, then (width-1) | (height-1) << 14 in 28 bits
        var bits = (uint)(1280 - 1) | ((uint)(720 - 1) << 14);
        byte[] header = [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, .. "VP8L"u8, 0, 0, 0, 0, 0x2F, .. BitConverter.GetBytes(bits), 0, 0, 0, 0, 0, 0, 0, 0];

        Assert.True(ImageHeader.TryRead(header, out var info));

        Assert.Equal(new ImageInfo("image/webp", 1280, 720), info);
    }

    [Fact]
    public void TryRead_ExtendedWebPHeader_ReadsCanvasSize()
    {
        // VP8X: 4 bytes of flags, then canvas (width-1) and (height-1) as 24-bit little-endian
        byte[] header = [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, .. "VP8X"u8, 10, 0, 0, 0, 0, 0, 0, 0, 0xCF, 0x02, 0x00, 0xFF, 0x04, 0x00, 0, 0, 0, 0];

        Assert.True(ImageHeader.TryRead(header, out var info));

        Assert.Equal(new ImageInfo("image/webp", 720, 1280), info);
    }

    [Fact]
    public void TryRead_Mp4_IsNotAnImage() =>
        Assert.False(ImageHeader.TryRead(MediaAssets.Video.Content.Span, out _));

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0x00, 0x00, 0x00, 0x00 })]
    public void TryRead_TruncatedOrGarbage_ReturnsFalse(byte[] data) =>
        Assert.False(ImageHeader.TryRead(data, out _));
}
