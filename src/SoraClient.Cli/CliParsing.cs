using System.CommandLine;
using System.Globalization;

namespace SoraClient.Cli;

/// <summary>Turns option values into SDK values, with messages that list what is allowed.</summary>
internal static class CliParsing
{
    public static VideoGenerationRequest Request(ParseResult parse, CliOptions o, string prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new CliUsageException("The prompt is empty.");
        }

        return new VideoGenerationRequest(prompt)
        {
            Model = parse.GetValue(o.Model),
            DurationSeconds = parse.GetValue(o.Seconds),
            AspectRatio = Aspect(parse.GetValue(o.Aspect)),
            Resolution = Resolution(parse.GetValue(o.Resolution)),
            Size = parse.GetValue(o.Size),
            ReferenceImage = Image(parse.GetValue(o.Image)),
            Characters = [.. parse.GetValue(o.Character) ?? []],
            CallbackUri = Url(parse.GetValue(o.Callback), "--callback"),
        };
    }

    public static VideoGenerationOptions? GenerationOptions(ParseResult parse, CliOptions o) =>
        parse.GetValue(o.Nearest) ? new VideoGenerationOptions { Normalization = VideoNormalization.Nearest } : null;

    public static VideoAspectRatio? Aspect(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "landscape" or "16:9" or "wide" => VideoAspectRatio.Landscape,
        "portrait" or "9:16" or "tall" => VideoAspectRatio.Portrait,
        "square" or "1:1" => VideoAspectRatio.Square,
        _ => throw new CliUsageException($"--aspect '{value}' is not allowed. Allowed: landscape (16:9), portrait (9:16), square (1:1)."),
    };

    public static VideoResolution? Resolution(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "standard" or "720p" or "sd" => VideoResolution.Standard,
        "high" or "1024p" or "hd" => VideoResolution.High,
        "fullhd" or "1080p" or "full-hd" => VideoResolution.FullHd,
        _ => throw new CliUsageException($"--resolution '{value}' is not allowed. Allowed: standard (720p), high (1024p), fullhd (1080p)."),
    };

    public static VideoInput? Image(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal)))
        {
            return VideoInput.FromUri(uri);
        }

        return File.Exists(value) ? VideoInput.FromFile(value) : throw new CliUsageException($"--image: no file '{value}' (pass a file path or an http(s) URL).");
    }

    public static Uri? Url(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal)) ? uri
        : throw new CliUsageException($"{option}: '{value}' is not an http(s) URL.");

    /// <summary>Parses 500ms, 90s, 20m, 1h, 01:30:00 or a plain number of seconds.</summary>
    public static TimeSpan? Duration(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim().ToLowerInvariant();
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ when text.EndsWith('h') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            return TimeSpan.FromSeconds(amount * unit);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new CliUsageException($"{option}: '{value}' is not a duration. Use 500ms, 90s, 20m, 1h or hh:mm:ss.");
    }

    public static VideoWaitOptions WaitOptions(ParseResult parse, CliOptions o)
    {
        var options = new VideoWaitOptions();
        if (Duration(parse.GetValue(o.Timeout), "--timeout") is { } timeout)
        {
            options.Timeout = timeout;
        }

        if (Environment.GetEnvironmentVariable("SORA_POLL_INTERVAL") is { Length: > 0 } poll && Duration(poll, "SORA_POLL_INTERVAL") is { } interval)
        {
            // a short interval for local emulators and tests
            options.InitialDelay = interval;
            options.MinInterval = interval;
            options.MaxInterval = interval;
        }

        return options;
    }
}
