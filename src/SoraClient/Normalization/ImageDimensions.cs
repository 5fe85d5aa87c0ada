using System.Buffers.Binary;

namespace SoraClient.Normalization;

/// <summary>Reads an image's width and height from its PNG, JPEG or WebP header, without decoding it.</summary>
internal static class ImageDimensions
{
    public static bool TryRead(ReadOnlySpan<byte> image, out int width, out int height)
    {
        width = height = 0;
        if (TryReadPng(image, ref width, ref height)
            || TryReadJpeg(image, ref width, ref height)
            || TryReadWebp(image, ref width, ref height))
        {
            return true;
        }

        width = height = 0; // a header with a zero or negative side is not an image
        return false;
    }

    private static bool TryReadPng(ReadOnlySpan<byte> image, ref int width, ref int height)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (image.Length < 24 || !image.StartsWith(signature) || !image.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return false;
        }

        width = BinaryPrimitives.ReadInt32BigEndian(image.Slice(16, 4));
        height = BinaryPrimitives.ReadInt32BigEndian(image.Slice(20, 4));
        return width > 0 && height > 0;
    }

    private static bool TryReadJpeg(ReadOnlySpan<byte> image, ref int width, ref int height)
    {
        if (image.Length < 4 || image[0] != 0xFF || image[1] != 0xD8)
        {
            return false;
        }

        var offset = 2;
        while (offset + 4 <= image.Length)
        {
            if (image[offset] != 0xFF)
            {
                return false;
            }

            var marker = image[offset + 1];
            if (marker == 0xFF)
            {
                offset++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD9))
            {
                offset += 2; // markers without a length
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(image.Slice(offset + 2, 2));
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame && offset + 9 <= image.Length)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(image.Slice(offset + 5, 2));
                width = BinaryPrimitives.ReadUInt16BigEndian(image.Slice(offset + 7, 2));
                return width > 0 && height > 0;
            }

            offset += 2 + length;
        }

        return false;
    }

    private static bool TryReadWebp(ReadOnlySpan<byte> image, ref int width, ref int height)
    {
        if (image.Length < 30 || !image[..4].SequenceEqual("RIFF"u8) || !image.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return false;
        }

        var chunk = image.Slice(12, 4);
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height
            width = BinaryPrimitives.ReadUInt16LittleEndian(image.Slice(26, 2)) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(image.Slice(28, 2)) & 0x3FFF;
        }
        else if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(image.Slice(21, 4));
            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
        }
        else if (chunk.SequenceEqual("VP8X"u8))
        {
            width = (image[24] | (image[25] << 8) | (image[26] << 16)) + 1;
            height = (image[27] | (image[28] << 8) | (image[29] << 16)) + 1;
        }
        else
        {
            return false;
        }

        return width > 0 && height > 0;
    }
}
