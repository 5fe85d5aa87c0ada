using System.Text;
using System.Text.Json;
using SoraClient.Providers.GrsAI.Internal;

namespace SoraClient.Tests.Providers.GrsAI;

public sealed class GrsAIRecordReaderTests
{
    private const string Running = """{"id":"t1","status":"running","progress":10,"results":[]}""";
    private const string Done = """{"id":"t1","status":"succeeded","progress":100,"results":[{"url":"https://cdn.example.test/v.mp4","pid":"s_1"}]}""";

    /// <summary>Every framing GrsAI's streamed (and sometimes its plain) answers may use, with the statuses each holds.</summary>
    public static TheoryData<string, string, string[]> Framings => new()
    {
        { "SSE, blank-line separated", $"data: {Running}\n\ndata: {Done}\n\n", ["running", "succeeded"] },
        { "no space after data:", $"data:{Running}\ndata:{Done}\n", ["running", "succeeded"] },
        { "single newline", $"data: {Running}\ndata: {Done}\n", ["running", "succeeded"] },
        { "CRLF", $"data: {Running}\r\n\r\ndata: {Done}\r\n\r\n", ["running", "succeeded"] },
        { "bare JSON lines", $"{Running}\n{Done}\n", ["running", "succeeded"] },
        { "one object, no prefix", Done, ["succeeded"] },
        { "one object, data: prefix", "data: " + Done, ["succeeded"] },
        { "one object spread over lines", "data: {\n  \"id\": \"t1\",\n  \"status\": \"succeeded\",\n  \"results\": [{\"url\": \"https://x.test/v.mp4\"}]\n}\n", ["succeeded"] },
        { "event, id, retry and comment lines, [DONE]", $": keep-alive\nevent: progress\nid: 1\nretry: 1000\ndata: {Running}\n\nevent: done\ndata: {Done}\n\ndata: [DONE]\n\n", ["running", "succeeded"] },
        { "a line that is not JSON", $"data: {Running}\nupstream busy, retrying\n{{broken\ndata: {Done}\n", ["running", "succeeded"] },
        { "no final newline, no sentinel", $"data: {Running}\n\ndata: {Done}", ["running", "succeeded"] },
        { "byte order mark", "\uFEFF" + $"data: {Running}\n\n{Done}", ["running", "succeeded"] },
        { "two objects on one line", Running + Done, ["running", "succeeded"] },
        { "envelope", """{"code":0,"msg":"success","data":{"id":"t1"}}""", [""] },
        { "nothing usable", "<html>busy</html>\n\n[DONE]\n", [] },
        { "empty", string.Empty, [] },
    };

    [Theory]
    [MemberData(nameof(Framings))]
    public void ReadAll_EveryFraming_FindsEveryRecord(string framing, string body, string[] statuses)
    {
        var records = GrsAIRecordReader.ReadAll(Encoding.UTF8.GetBytes(body));

        Assert.True(statuses.Length == records.Count, $"{framing}: {records.Count} records");
        Assert.Equal(statuses, records.Select(StatusOf));
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task RecordStream_EveryFramingInOneByteChunks_FindsTheSameRecords(string framing, string body, string[] statuses)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var chunks = bytes.Select(b => Encoding.Latin1.GetString([b])).ToList(); // one byte per read
        using var stream = new MemoryStream(bytes);
        using var records = new GrsAIRecordStream(new OneByteStream(stream));
        var found = new List<string>();
        while (await records.ReadAsync(CancellationToken.None) is { } record)
        {
            found.Add(StatusOf(record));
        }

        Assert.True(statuses.SequenceEqual(found), $"{framing}: [{string.Join(", ", found)}] ({chunks.Count} chunks)");
    }

    [Fact]
    public void TryRead_IncompleteRecord_WaitsForMore()
    {
        var partial = Encoding.UTF8.GetBytes("data: " + Running[..20]);

        Assert.False(GrsAIRecordReader.TryRead(partial, isFinal: false, out _, out var consumed));
        Assert.Equal(6, consumed); // "data: " is dropped, the start of the object kept
        Assert.False(GrsAIRecordReader.TryRead(partial, isFinal: true, out _, out consumed));
        Assert.Equal(partial.Length, consumed);
    }

    [Fact]
    public void TryRead_SplitPrefix_WaitsForMore()
    {
        Assert.False(GrsAIRecordReader.TryRead("da"u8, isFinal: false, out _, out var consumed));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public async Task RecordStream_RecordLargerThanTheLimit_Throws()
    {
        var huge = "{\"id\":\"" + new string('x', GrsAIRecordReader.MaxRecordBytes + 10) + "\"}";
        using var records = new GrsAIRecordStream(new MemoryStream(Encoding.UTF8.GetBytes(huge)));

        await Assert.ThrowsAsync<InvalidDataException>(async () => await records.ReadAsync(CancellationToken.None));
    }

    private static string StatusOf(JsonElement record) =>
        record.TryGetProperty("status", out var status) ? status.GetString()! : string.Empty;

    private sealed class OneByteStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(1, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
