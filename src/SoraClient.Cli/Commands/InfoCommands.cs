using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.GrsAI;
using SoraClient.Providers.OpenAI;
using Spectre.Console;

namespace SoraClient.Cli.Commands;

/// <summary><c>providers</c> (every provider's models, durations, sizes, features and prices) and <c>estimate</c> (what a request would cost; sends nothing).</summary>
internal static class InfoCommands
{
    public static IEnumerable<Command> Create(CliConsole console, CliOptions o)
    {
        var providers = new Command("providers", "List every provider's models, durations, sizes, features and prices");
        providers.SetAction(_ => Providers(console));

        var prompt = new Argument<string>("prompt") { Description = "What the video shows" };
        var estimate = new Command("estimate", "Estimate what a request would cost (nothing is sent; no key needed)");
        estimate.Arguments.Add(prompt);
        foreach (var option in o.RequestOptions)
        {
            estimate.Options.Add(option);
        }

        estimate.SetAction(async (parse, ct) =>
        {
            try
            {
                await using var gateway = Gateway.CreateOffline(parse, o);
                var cost = gateway.Generator.EstimateCost(CliParsing.Request(parse, o, parse.GetValue(prompt)!), CliParsing.GenerationOptions(parse, o));
                if (cost is null)
                {
                    console.Fail($"{gateway.Provider} publishes no price for this model.");
                    return ExitCodes.Usage;
                }

                if (console.Json)
                {
                    var json = CliJson.Cost(cost);
                    json["provider"] = gateway.Provider;
                    json["adjustments"] = new JsonArray([.. cost.Settings.Adjustments.Select(a => JsonValue.Create(a))]);
                    console.WriteJson(json);
                }
                else
                {
                    console.Out.WriteLine(FormattableString.Invariant($"{cost.Amount:0.00} {cost.Currency}: {gateway.Provider}, {cost.Settings.Model}, {cost.Settings.DurationSeconds} s at {cost.Settings.Size}"));
                    foreach (var adjustment in cost.Settings.Adjustments)
                    {
                        console.Out.WriteLine("  adjusted: " + adjustment);
                    }
                }

                return ExitCodes.Success;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return CliErrors.Report(exception, console);
            }
        });

        return [providers, estimate];
    }

    private static int Providers(CliConsole console)
    {
        (string Provider, IReadOnlyList<VideoModelCapabilities> Models)[] catalogue =
        [
            ("openai", OpenAIModels.All), ("apiyi", OpenAIModels.All), ("azure", OpenAIModels.All),
            ("grsai", GrsAIModels.All), ("acedata", AceDataModels.All), ("aivideoapi", AIVideoApiModels.All),
        ];
        if (console.Json)
        {
            console.WriteJson(new JsonArray([.. catalogue.SelectMany(p => p.Models.Select(m => (JsonNode)ModelJson(p.Provider, m)))]));
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("Provider", "Model", "Seconds", "Sizes", "Features", "Price");
        foreach (var (provider, models) in catalogue)
        {
            foreach (var model in models)
            {
                table.AddRow(provider, model.Model, string.Join(", ", model.Durations), string.Join(", ", model.Sizes.Select(s => s.Name)), Markup.Escape(Features(model)), Markup.Escape(Price(model)));
            }
        }

        console.Ansi.Write(table);
        console.Out.WriteLine("Prices are the providers' list prices known to this version; check the provider before large batches. The emulator (--provider emulator) speaks the openai protocol.");
        return ExitCodes.Success;
    }

    private static string Features(VideoModelCapabilities model) => string.Join(", ", new[]
    {
        model.SupportsImageInput ? "image" : null,
        model.SupportsRemix ? "remix" : null,
        model.MaxCharacters > 0 ? $"characters ({model.MaxCharacters})" : null,
        model.SupportsCallbacks ? "callback" : null,
    }.OfType<string>());

    private static string Price(VideoModelCapabilities model)
    {
        if (model.PricePerClip is { } clip)
        {
            return FormattableString.Invariant($"{clip:0.###} {model.Currency}/clip");
        }

        var perSize = model.Sizes.Where(s => s.PricePerSecond is not null).Select(s => FormattableString.Invariant($"{s.Name} {s.PricePerSecond:0.###}")).ToList();
        return perSize.Count > 0 ? $"{string.Join(", ", perSize)} {model.Currency}/s"
            : model.PricePerSecond is { } second ? FormattableString.Invariant($"{second:0.###} {model.Currency}/s")
            : "unknown";
    }

    private static JsonObject ModelJson(string provider, VideoModelCapabilities model) => new()
    {
        ["provider"] = provider,
        ["model"] = model.Model,
        ["durations"] = new JsonArray([.. model.Durations.Select(d => JsonValue.Create(d))]),
        ["defaultDuration"] = model.DefaultDuration,
        ["sizes"] = new JsonArray([.. model.Sizes.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["aspect"] = s.AspectRatio.ToString().ToLowerInvariant(),
            ["resolution"] = s.Resolution.ToString().ToLowerInvariant(),
            ["pricePerSecond"] = s.PricePerSecond,
        })]),
        ["defaultSize"] = model.DefaultSize,
        ["imageInput"] = model.SupportsImageInput,
        ["remix"] = model.SupportsRemix,
        ["maxCharacters"] = model.MaxCharacters,
        ["callbacks"] = model.SupportsCallbacks,
        ["pricePerClip"] = model.PricePerClip,
        ["pricePerSecond"] = model.PricePerSecond,
        ["currency"] = model.Currency,
        ["price"] = Price(model).ToString(CultureInfo.InvariantCulture),
    };
}
