using System.Runtime.InteropServices;
using SoraClient.Emulator.Hosting;

// sora-emulator --port 5080 --api-key k --job-duration 20s   (dotnet tool install -g SoraClient.Emulator.Tool)
// from a clone: dotnet run --project src/SoraClient.Emulator.Tool -f net10.0 -- --port 5080
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true; // we shut down ourselves
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await EmulatorProgram.RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
