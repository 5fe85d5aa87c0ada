using System.CommandLine;
using System.Text.Json.Nodes;
using SoraClient.Emulator;

namespace SoraClient.Cli.Commands;

/// <summary><c>characters upload|create</c>: reusable characters (GrsAI), to pass later with <c>--character</c>.</summary>
internal static class CharactersCommand
{
    public static Command Create(CliConsole console, CliOptions o)
    {
        var start = new Option<double>("--start") { Description = "Start of the clip part that shows the character, in seconds", DefaultValueFactory = _ => 0 };
        var end = new Option<double>("--end") { Description = "End of that part, in seconds (at most 3 s after --start)", DefaultValueFactory = _ => 3 };

        var file = new Argument<string>("clip") { Description = "A video file or an http(s) URL showing the character" };
        var upload = new Command("upload", "Create a character from a video clip");
        upload.Arguments.Add(file);
        upload.Options.Add(start);
        upload.Options.Add(end);
        upload.SetAction((parse, ct) => SoraCli.RunAsync(console, o, parse, ct, async gateway =>
        {
            var value = parse.GetValue(file)!;
            var clip = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? VideoInput.FromUri(uri)
                : File.Exists(value) ? VideoInput.FromFile(value)
                : throw new CliUsageException($"No file '{value}' (pass a video file or an http(s) URL).");
            var character = await Client(gateway).UploadCharacterAsync(clip, Seconds(parse, start), Seconds(parse, end), ct).ConfigureAwait(false);
            return Print(console, character);
        }, protocol: EmulatorProtocols.GrsAI));

        var create = new Command("create", "Create a character from a generated video");
        create.Arguments.Add(JobCommands.JobArgument());
        create.Options.Add(start);
        create.Options.Add(end);
        create.SetAction((parse, ct) => SoraCli.RunAsync(console, o, parse, ct, async gateway =>
        {
            var character = await Client(gateway).CreateCharacterAsync(JobCommands.JobId(parse), Seconds(parse, start), Seconds(parse, end), ct).ConfigureAwait(false);
            return Print(console, character);
        }, JobCommands.ReferenceProvider(parse), EmulatorProtocols.GrsAI));

        var characters = new Command("characters", "Reusable characters (GrsAI): upload a clip or take one from a generated video");
        characters.Subcommands.Add(upload);
        characters.Subcommands.Add(create);
        return characters;
    }

    private static TimeSpan Seconds(ParseResult parse, Option<double> option) => TimeSpan.FromSeconds(parse.GetValue(option));

    private static IVideoCharacterClient Client(Gateway gateway) =>
        gateway.Generator.GetService<IVideoCharacterClient>()
        ?? throw new CliUsageException($"{gateway.Provider} has no characters; use --provider grsai (or emulator).");

    private static int Print(CliConsole console, VideoCharacter character)
    {
        if (console.Json)
        {
            console.WriteJson(new JsonObject { ["id"] = character.Id, ["provider"] = character.Provider, ["taskId"] = character.TaskId });
        }
        else
        {
            console.Out.WriteLine($"{character.Id}  (use it with --character {character.Id})");
        }

        return ExitCodes.Success;
    }
}
