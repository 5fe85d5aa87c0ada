using System.Buffers.Binary;
using SoraClient.Normalization;
using SoraClient.Testing;

namespace SoraClient.Tests.Normalization;

public class ImageDimensionsTests
{
    [Theory]
    [InlineData(1280, 720)]
    [InlineData(720, 1280)]
    [InlineData(1, 1)]
    public void TryRead_RealPng_ReadsSize(int width, int height)
    {
        Assert.True(ImageDimensions.TryRead(TestImages.Png(width, height), out var w, out var h));
        Assert.Equal((width, height), (w, h));
    }

    [Fact]
    public void TryRead_JpegHeader_ReadsSize()
    {
        Assert.True(ImageDimensions.TryRead(TestImages.JpegHeader(1792, 1024), out var w, out var h));
        Assert.Equal((1792, 1024), (w, h));
    }

    [Fact]
    public void TryRead_ProgressiveJpegAfterSeveralSegmentsAndFillBytes_ReadsSize()
    {
        byte[] exif = [0xFF, 0xE1, 0x00, 0x08, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0];
        byte[] quantTable = [0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01];
        byte[] huffman = [0xFF, 0xC4, 0x00, 0x03, 0x00]; // C4 is not a frame marker
        byte[] sof2 = [0xFF, 0xFF, 0xC2, 0x00, 0x11, 0x08, 0x02, 0xD0, 0x05, 0x00, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]; // fill byte, then 720x1280

        Assert.True(ImageDimensions.TryRead([0xFF, 0xD8, .. exif, .. quantTable, .. huffman, .. sof2], out var w, out var h));
        Assert.Equal((1280, 720), (w, h));
    }

    [Fact]
    public void TryRead_WebpVp8Lossy_ReadsFourteenBitSize()
    {
        var data = Riff("VP8 ", 30);
        data[20] = 0x50; // frame tag
        data[23] = 0x9D;
        data[24] = 0x01;
        data[25] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(26), (ushort)(1280 | (1 << 14))); // upper two bits are the scale, not the size
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(28), (ushort)(720 | (2 << 14)));

        Assert.True(ImageDimensions.TryRead(data, out var w, out var h));
        Assert.Equal((1280, 720), (w, h));
    }

    [Fact]
    public void TryRead_WebpVp8Lossless_ReadsPackedSize()
    {
        var data = Riff("VP8L", 30);
        data[20] = 0x2F; // signature
        var bits = (uint)(1024 - 1) | ((uint)(1792 - 1) << 14) | (1u << 28); // alpha hint set
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(21), bits);

        Assert.True(ImageDimensions.TryRead(data, out var w, out var h));
        Assert.Equal((1024, 1792), (w, h));
    }

    [Fact]
    public void TryRead_WebpVp8Extended_ReadsCanvasSize()
    {
        Assert.True(ImageDimensions.TryRead(TestImages.WebpHeader(1920, 1080), out var w, out var h));
        Assert.Equal((1920, 1080), (w, h));
    }

    [Fact]
    public void TryRead_WebpVp8ExtendedBeyondSixteenBits_ReadsTwentyFourBitSize()
    {
        Assert.True(ImageDimensions.TryRead(TestImages.WebpHeader(70000, 3), out var w, out var h));
        Assert.Equal((70000, 3), (w, h));
    }

    public static TheoryData<string, byte[]> Garbage => new()
    {
        { "empty", [] },
        { "text", "hello, this is not an image at all"u8.ToArray() },
        { "zeros", new byte[64] },
        { "truncated png", TestImages.Png(10, 10)[..20] },
        { "png signature without IHDR", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'D', (byte)'A', (byte)'T', 0, 0, 1, 0, 0, 0, 1, 0] },
        { "png of width zero", ZeroWidthPng() },
        { "jpeg start only", [0xFF, 0xD8] },
        { "jpeg without frame", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0xFF, 0xD9] },
        { "jpeg with junk after start", [0xFF, 0xD8, 0x12, 0x34, 0x56, 0x78, 0x9A] },
        { "jpeg with truncated frame", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x02] },
        { "riff but not webp", Riff("VP8X", 30, "AVI ") },
        { "webp with unknown chunk", Riff("VP9 ", 30) },
        { "webp too short", TestImages.WebpHeader(10, 10)[..29] },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void TryRead_NotAnImage_ReturnsFalse(string what, byte[] data)
    {
        Assert.False(ImageDimensions.TryRead(data, out var w, out var h), what);
        Assert.Equal((0, 0), (w, h));
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrows()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var data = new byte[random.Next(0, 64)];
            random.NextBytes(data);
            if (i % 3 == 0 && data.Length >= 2)
            {
                data[0] = 0xFF;
                data[1] = 0xD8; // exercise the JPEG walker on junk
            }

            _ = ImageDimensions.TryRead(data, out _, out _);
        }
    }

    private static byte[] Riff(string chunk, int length, string form = "WEBP")
    {
        var data = new byte[length];
        "RIFF"u8.CopyTo(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), (uint)(length - 8));
        System.Text.Encoding.ASCII.GetBytes(form).CopyTo(data, 8);
        System.Text.Encoding.ASCII.GetBytes(chunk).CopyTo(data, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(16), (uint)(length - 20));
        return data;
    }

    private static byte[] ZeroWidthPng()
    {
        var png = TestImages.Png(10, 10);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 0);
        return png;
    }
}
