using LnUnion.Portal.Data;
using LnUnion.Portal.Setup;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalLogging();
builder.Services
    .AddPortalDatabase(builder.Configuration, builder.Environment)
    .AddPortalIdentity()
    .AddPortalContent()
    .AddPortalWeb();

var app = builder.Build();

await app.Services.PreparePortalDatabaseAsync();
app.UsePortalPipeline();
await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
