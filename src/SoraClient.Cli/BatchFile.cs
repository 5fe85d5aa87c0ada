using System.Globalization;
using System.Text;
using System.Text.Json;
using SoraClient.Jobs;

namespace SoraClient.Cli;

/// <summary>
/// Reads a batch: a CSV file with a header row, or JSON lines. Columns / fields: <c>prompt</c> (required), <c>key</c>
/// (default <c>row-0001</c>, ...: keep the file's order when you rerun), <c>model</c>, <c>seconds</c>, <c>aspect</c>,
/// <c>resolution</c>, <c>size</c>, <c>image</c>, <c>characters</c> (separated by ';'). Empty values take the command line's.
/// </summary>
internal static class BatchFile
{
    public static List<VideoJobWorkItem> Read(string path, Func<string, VideoGenerationRequest> defaults)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"No batch file '{path}'.");
        }

        var rows = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            ? ReadJsonLines(path)
            : ReadCsv(path);
        var items = new List<VideoJobWorkItem>(rows.Count);
        foreach (var (line, fields) in rows)
        {
            string? Field(string name) => fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
            var prompt = Field("prompt") ?? throw new CliUsageException($"{path}, row {line}: the prompt is missing.");
            try
            {
                var request = defaults(prompt);
                request.Model = Field("model") ?? request.Model;
                request.DurationSeconds = (Field("seconds") ?? Field("duration")) is { } seconds
                    ? int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new CliUsageException($"seconds '{seconds}' is not a whole number.")
                    : request.DurationSeconds;
                request.AspectRatio = CliParsing.Aspect(Field("aspect")) ?? request.AspectRatio;
                request.Resolution = CliParsing.Resolution(Field("resolution")) ?? request.Resolution;
                request.Size = Field("size") ?? request.Size;
                request.ReferenceImage = CliParsing.Image(Field("image")) ?? request.ReferenceImage;
                if ((Field("characters") ?? Field("character")) is { } characters)
                {
                    request.Characters = [.. characters.Split([';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                }

                items.Add(new VideoJobWorkItem(Field("key") ?? Field("id") ?? string.Create(CultureInfo.InvariantCulture, $"row-{items.Count + 1:0000}"), request));
            }
            catch (CliUsageException exception)
            {
                throw new CliUsageException($"{path}, row {line}: {exception.Message}", exception);
            }
        }

        return items.Count > 0 ? items : throw new CliUsageException($"{path} holds no rows.");
    }

    private static List<(int Line, Dictionary<string, string> Fields)> ReadJsonLines(string path)
    {
        var rows = new List<(int, Dictionary<string, string>)>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new CliUsageException($"{path}, line {number}: each line must be a JSON object.");
                }

                var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    fields[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.Array => string.Join(';', property.Value.EnumerateArray().Select(e => e.ToString())),
                        JsonValueKind.Null => string.Empty,
                        _ => property.Value.ToString(),
                    };
                }

                rows.Add((number, fields));
            }
            catch (JsonException exception)
            {
                throw new CliUsageException($"{path}, line {number}: not JSON ({exception.Message}).", exception);
            }
        }

        return rows;
    }

    private static List<(int Line, Dictionary<string, string> Fields)> ReadCsv(string path)
    {
        var records = ParseCsv(File.ReadAllText(path));
        if (records.Count == 0)
        {
            return [];
        }

        var header = records[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (!header.Contains("prompt"))
        {
            throw new CliUsageException($"{path}: the first row must be a header with a 'prompt' column (and optionally key, model, seconds, aspect, resolution, size, image, characters).");
        }

        return [.. records.Skip(1)
            .Select((record, index) => (Line: index + 2, Record: record))
            .Where(r => r.Record.Any(f => !string.IsNullOrWhiteSpace(f)))
            .Select(r => (r.Line, header.Zip(r.Record).ToDictionary(p => p.First, p => p.Second, StringComparer.OrdinalIgnoreCase)))];
    }

    /// <summary>RFC 4180: commas, double quotes with "" escapes, line breaks inside quotes.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
