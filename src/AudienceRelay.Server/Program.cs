using AudienceRelay.Server;

var app = AudienceRelayApp.Build(args);
await app.RunAsync();
