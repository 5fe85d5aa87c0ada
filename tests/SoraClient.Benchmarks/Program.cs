// SoraClient benchmarks (run in Release):
//   dotnet run -c Release --project tests/SoraClient.Benchmarks -- percall [rounds] status reads and creates per call, against the targets
//   dotnet run -c Release --project tests/SoraClient.Benchmarks -- polling [jobs]   waiting per job length, against the targets
//   dotnet run -c Release --project tests/SoraClient.Benchmarks -- scale [jobs]     many jobs waiting at once
//   dotnet run -c Release --project tests/SoraClient.Benchmarks -- ledger           the PostgreSQL job ledger: cost per operation, rows per minute with 1/2/4 workers
//   dotnet run -c Release --project tests/SoraClient.Benchmarks -- --filter '*'     the BenchmarkDotNet suites
using System.Globalization;
using BenchmarkDotNet.Running;
using SoraClient.Benchmarks;

switch (args.FirstOrDefault())
{
    case "percall":
        return await PerCallBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15);
    case "polling":
        return await PollingSimulation.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
    case "scale":
        await ScaleSimulation.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
        return 0;
    case "ledger":
        await LedgerBenchmark.RunAsync();
        return 0;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(StatusReadBenchmarks).Assembly).Run(args);
        return 0;
}
