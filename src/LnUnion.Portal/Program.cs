using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
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

if (AdminCommands.IsCommand(args))
{
    return await AdminCommands.RunAsync(app.Services, args, Console.In, Console.Out);
}

if (BackupCommand.IsCommand(args))
{
    return await BackupCommand.RunAsync(app.Services, args, Console.Out);
}

if (ImageBackfill.IsCommand(args))
{
    return await ImageBackfill.RunAsync(app.Services, Console.Out);
}

if (StoredHtmlRenderer.IsCommand(args))
{
    return await StoredHtmlRenderer.RunAsync(app.Services, Console.Out);
}

app.UsePortalPipeline();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
