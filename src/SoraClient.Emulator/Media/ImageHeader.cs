using System.Buffers.Binary;

namespace SoraClient.Emulator.Media;

/// <summary>Reads the media type and pixel size from the header of a PNG, JPEG or WebP file, without decoding it.</summary>
internal static class ImageHeader
{
    public static bool TryRead(ReadOnlySpan<byte> data, out ImageInfo info) =>
        TryReadPng(data, out info) || TryReadJpeg(data, out info) || TryReadWebP(data, out info);

    /// <summary>Signature, then the IHDR chunk: width and height as big-endian 32-bit integers.</summary>
    private static bool TryReadPng(ReadOnlySpan<byte> data, out ImageInfo info)
    {
        info = default;
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (data.Length < 24 || !data.StartsWith(signature) || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return false;
        }

        info = new("image/png", (int)BinaryPrimitives.ReadUInt32BigEndian(data[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
        return true;
    }

    /// <summary>Walks the markers up to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC).</summary>
    private static bool TryReadJpeg(ReadOnlySpan<byte> data, out ImageInfo info)
    {
        info = default;
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            return false;
        }

        var position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF)
            {
                return false;
            }

            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2; // markers without a length
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (position + 9 > data.Length)
                {
                    return false;
                }

                var height = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 7)..]);
                info = new("image/jpeg", width, height);
                return true;
            }

            position += 2 + length;
        }

        return false;
    }

    /// <summary>RIFF container with a VP8 (lossy), VP8L (lossless) or VP8X (extended) first chunk.</summary>
    private static bool TryReadWebP(ReadOnlySpan<byte> data, out ImageInfo info)
    {
        info = default;
        if (data.Length < 30 || !data[..4].SequenceEqual("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return false;
        }

        var chunk = data.Slice(12, 4);
        var payload = data[20..];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height
            if (payload[3] != 0x9D || payload[4] != 0x01 || payload[5] != 0x2A)
            {
                return false;
            }

            info = new("image/webp", BinaryPrimitives.ReadUInt16LittleEndian(payload[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]) & 0x3FFF);
            return true;
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            // signature 0x2F, then width-1 and height-1 as two 14-bit fields
            if (payload[0] != 0x2F)
            {
                return false;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(payload[1..]);
            info = new("image/webp", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
            return true;
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            // flags (4 bytes), then canvas width-1 and height-1 as 24-bit little-endian fields
            info = new("image/webp", ReadUInt24LittleEndian(payload[4..]) + 1, ReadUInt24LittleEndian(payload[7..]) + 1);
            return true;
        }

        return false;
    }

    private static int ReadUInt24LittleEndian(ReadOnlySpan<byte> data) => data[0] | (data[1] << 8) | (data[2] << 16);
}
