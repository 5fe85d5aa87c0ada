using System.Text.Json;
using SoraClient.Http;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>
/// One JSON record of a GrsAI answer, classified: an envelope (<c>{code, msg, data}</c>, whose <c>data</c> may hold
/// a task or just <c>{id}</c>) or a bare task object (streamed records, callbacks).
/// </summary>
internal sealed class GrsAIRecord
{
    private GrsAIRecord(JsonElement raw, GrsAIEnvelope? envelope, GrsAITask? task)
    {
        Raw = raw;
        Envelope = envelope;
        Task = task;
    }

    /// <summary>Gets the record as received.</summary>
    public JsonElement Raw { get; }

    /// <summary>Gets the envelope, when the record is one.</summary>
    public GrsAIEnvelope? Envelope { get; }

    /// <summary>Gets the task: the bare record, or the envelope's <c>data</c> when it is an object.</summary>
    public GrsAITask? Task { get; }

    /// <summary>Gets the task's JSON (the record or the envelope's <c>data</c>), for <see cref="VideoJob.RawRepresentation"/>.</summary>
    public JsonElement RawTask => Envelope is null ? Raw : Envelope.Data;

    /// <summary>Gets a value indicating whether the record is an envelope with a non-zero <c>code</c>.</summary>
    public bool IsError => Envelope is { Code: { } code } && code != 0;

    /// <summary>Classifies a record. Throws <see cref="JsonException"/> when a field has an impossible type.</summary>
    public static GrsAIRecord? From(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (record.TryGetProperty("code", out _))
        {
            var envelope = record.Deserialize(GrsAIJsonContext.Default.GrsAIEnvelope)!;
            var task = envelope.Data.ValueKind == JsonValueKind.Object ? envelope.Data.Deserialize(GrsAIJsonContext.Default.GrsAITask) : null;
            return new GrsAIRecord(record, envelope, task);
        }

        return new GrsAIRecord(record, null, record.Deserialize(GrsAIJsonContext.Default.GrsAITask));
    }

    /// <summary>
    /// The last record of a complete body that is a JSON object (or <see langword="null"/> when there is none), from the
    /// records the error parser classified (<see cref="GrsAIRecords"/>). Throws what classifying them threw.
    /// </summary>
    public static GrsAIRecord? ParseLast(ProviderAnswer answer)
    {
        var records = GrsAIRecords.Of(answer);
        records.Error?.Throw();
        return records.All.LastOrDefault(record => record is not null);
    }
}
