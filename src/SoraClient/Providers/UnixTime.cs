namespace SoraClient.Providers;

/// <summary>Unix times as gateways send them. A value no date can have (not finite, not after 1970, past year 9999) is absent, never a crash.</summary>
internal static class UnixTime
{
    private static readonly double s_maxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>The time <paramref name="seconds"/> after the epoch (a fraction is kept to the millisecond), or <see langword="null"/>.</summary>
    public static DateTimeOffset? FromSeconds(double? seconds) =>
        seconds is { } s && s > 0 && s <= s_maxSeconds ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000, MidpointRounding.AwayFromZero)) : null;

    /// <summary>The time <paramref name="milliseconds"/> after the epoch, or <see langword="null"/>.</summary>
    public static DateTimeOffset? FromMilliseconds(double? milliseconds) => FromSeconds(milliseconds / 1000);

    /// <summary><paramref name="time"/> plus <paramref name="span"/>, or <see langword="null"/> when that is past the end of time.</summary>
    public static DateTimeOffset? Plus(DateTimeOffset? time, TimeSpan span) =>
        time is { } t && t <= DateTimeOffset.MaxValue - span ? t + span : null;
}
