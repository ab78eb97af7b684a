using AudienceRelay.Soak;

// Soak with faults: several nodes on one real PostgreSQL, every sandbox platform's emulator (and a webhook sink)
// answering a share of calls with throttles, server errors, slow answers and dropped connections, a paced stream of
// custom and primary uploads, and a node killed with SIGKILL (then started again) every few seconds. At the end, from
// the platforms' own state: every accepted user at every platform, no duplicated audience, primary audiences holding
// exactly their newest complete list, and no delivery that failed or used up attempts on throttles. Exits 1 on any loss.
//
//   dotnet bench/AudienceRelay.Soak/bin/Release/net10.0/AudienceRelay.Soak.dll [--seconds 150] [--kill-every 30] [--fault-rate 0.3]
//     [--nodes 2] [--uploads-per-second 2] [--max-open-deliveries 150] [--drain-seconds 300] [--allow-open] [--seed N]
return await SoakOptions.Command(SoakRun.RunAsync).Parse(args).InvokeAsync();
