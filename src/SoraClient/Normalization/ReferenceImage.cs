namespace SoraClient.Normalization;

/// <summary>
/// A reference image as gateways that take images by URL or base64 receive it: the URI itself, or the bytes of a byte
/// or file input as a <c>data:</c> URI. Width and height are known for bytes, files and base64 <c>data:</c> URIs
/// (read from the image header), and 0 for an image the gateway fetches itself.
/// </summary>
/// <param name="Value">The URL or <c>data:</c> URI to send.</param>
/// <param name="Width">Width in pixels, or 0 when unknown.</param>
/// <param name="Height">Height in pixels, or 0 when unknown.</param>
internal sealed record ReferenceImage(string Value, int Width, int Height)
{
    public bool HasDimensions => Width > 0 && Height > 0;

    /// <summary>Reads an input; a byte or file input must be a PNG, JPEG or WebP image.</summary>
    /// <exception cref="VideoRequestValidationException">The bytes are not a PNG, JPEG or WebP image.</exception>
    public static async ValueTask<ReferenceImage?> ReadAsync(string provider, VideoInput? input, CancellationToken cancellationToken)
    {
        if (input is null)
        {
            return null;
        }

        if (input.Uri is { } uri)
        {
            var (width, height) = DataUriDimensions(uri);
            return new ReferenceImage(uri.OriginalString, width, height);
        }

        var bytes = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!ImageDimensions.TryRead(bytes.Span, out var w, out var h))
        {
            throw new VideoRequestValidationException(provider, nameof(VideoGenerationRequest.ReferenceImage),
                $"{provider}: the reference image ({input}) is not a PNG, JPEG or WebP image.");
        }

        return new ReferenceImage($"data:{input.MediaType};base64,{Convert.ToBase64String(bytes.Span)}", w, h);
    }

    /// <summary>The size of the image inside a base64 <c>data:</c> URI, or (0, 0).</summary>
    public static (int Width, int Height) DataUriDimensions(Uri uri)
    {
        if (string.Equals(uri.Scheme, "data", StringComparison.OrdinalIgnoreCase) && uri.OriginalString.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) is var start and > 0)
        {
            var buffer = new byte[(uri.OriginalString.Length - start) * 3 / 4];
            if (Convert.TryFromBase64String(uri.OriginalString[(start + 8)..], buffer, out var written)
                && ImageDimensions.TryRead(buffer.AsSpan(0, written), out var width, out var height))
            {
                return (width, height);
            }
        }

        return (0, 0);
    }

    /// <summary>
    /// A copy of the request shaped like the image (its aspect ratio and resolution tier) when the request says nothing
    /// about shape or size and the image is clearly portrait or landscape; otherwise the request itself.
    /// </summary>
    public VideoGenerationRequest ShapeRequest(VideoGenerationRequest request)
    {
        if (!HasDimensions || Width == Height || request.Size is not null || request.AspectRatio is not null || request.Resolution is not null)
        {
            return request;
        }

        var shaped = request.Copy();
        shaped.AspectRatio = Width > Height ? VideoAspectRatio.Landscape : VideoAspectRatio.Portrait;
        shaped.Resolution = VideoRequestNormalizer.TierOf(Width, Height);
        return shaped;
    }

    /// <summary>The message for an image that does not match the pixel size the gateway requires it to have.</summary>
    public VideoRequestValidationException Mismatch(string provider, VideoModelCapabilities model, string size)
    {
        var matching = model.Sizes.FirstOrDefault(s => s.Width == Width && s.Height == Height);
        var variant = model.DescribeVariant();
        var message = $"{provider}: the reference image is {Width}x{Height} but the video size is {size}; model '{model.Model}'"
            + (variant.Length > 0 ? $" ({variant})" : string.Empty) + " requires them to match. "
            + (matching is not null ? $"Ask for size {matching.Name}, or resize the image to {size}." : $"Resize or crop the image to {size} (allowed sizes: {string.Join(", ", model.Sizes.Select(s => s.Name))}).");
        return new VideoRequestValidationException(provider, nameof(VideoGenerationRequest.ReferenceImage), message, [.. model.Sizes.Select(s => s.Name)]);
    }
}
