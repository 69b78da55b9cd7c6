using LnUnion.Portal.Commands;
using LnUnion.Portal.Data;
using LnUnion.Portal.Setup;

if (CommandLineHelp.IsRequested(args))
{
    await Console.Out.WriteAsync(CommandLineHelp.Text);
    return 0;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalLogging();
builder.Services
    .AddPortalDatabase(builder.Configuration, builder.Environment)
    .AddPortalIdentity(builder.Configuration, builder.Environment)
    .AddPortalContent()
    .AddPortalWeb(builder.Configuration);

var app = builder.Build();

await app.Services.PreparePortalDatabaseAsync();

if (await PortalCommands.RunAsync(app.Services, args) is { } exitCode)
{
    return exitCode;
}

app.UsePortalPipeline();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
