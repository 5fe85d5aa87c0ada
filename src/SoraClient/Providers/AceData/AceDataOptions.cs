namespace SoraClient.Providers.AceData;

/// <summary>Settings of <see cref="AceDataVideoGenerator"/> for AceData Cloud (<c>https://api.acedata.cloud</c>).</summary>
public sealed class AceDataOptions : VideoProviderOptions
{
    /// <summary>The endpoint used when <see cref="VideoProviderOptions.Endpoint"/> is not set.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.acedata.cloud");

    /// <summary>The registration name used when none is given.</summary>
    public const string DefaultProviderName = "acedata";

    /// <summary>The default of <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 50;

    /// <summary>
    /// Gets or sets the API version every request uses (<see cref="AceDataModels.Version1"/> or <see cref="AceDataModels.Version2"/>);
    /// <see langword="null"/> chooses per request: the first version whose durations and sizes accept it (4, 8 or 12 s, or a
    /// pixel size, mean 2.0). One request can also pin a version with <c>AdditionalProperties["version"]</c>.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Version { get; set; }

    /// <summary>Gets or sets how many jobs one <c>retrieve_batch</c> request reads at most.</summary>
    /// <value>The default is 50.</value>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;
}
