using System.Runtime.ExceptionServices;
using SoraClient.Http;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>
/// Every record of a complete body, classified once for both readers of an answer: the error parser (which looks for an
/// error envelope) and the call (which takes the last record).
/// </summary>
internal sealed class GrsAIRecords
{
    private static readonly Func<ReadOnlyMemory<byte>, GrsAIRecords> s_parse = Parse;

    private GrsAIRecords(List<GrsAIRecord?> all, ExceptionDispatchInfo? error)
    {
        All = all;
        Error = error;
    }

    /// <summary>Gets the records in order (<see langword="null"/> for one that is not an object), up to the first that could not be classified.</summary>
    public List<GrsAIRecord?> All { get; }

    /// <summary>Gets what reading the body (to its end) threw, if it threw.</summary>
    public ExceptionDispatchInfo? Error { get; }

    /// <summary>The answer's records, classified the first time they are asked for.</summary>
    public static GrsAIRecords Of(ProviderAnswer answer) => answer.Parse(s_parse);

    private static GrsAIRecords Parse(ReadOnlyMemory<byte> body)
    {
        var all = new List<GrsAIRecord?>();
        try
        {
            foreach (var record in GrsAIRecordReader.ReadAll(body.Span))
            {
                all.Add(GrsAIRecord.From(record));
            }
        }
        catch (Exception ex)
        {
            return new GrsAIRecords(all, ExceptionDispatchInfo.Capture(ex)); // thrown again by whichever reader gets that far
        }

        return new GrsAIRecords(all, null);
    }
}
