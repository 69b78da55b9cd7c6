namespace LnUnion.Portal.Commands;

/// <summary>The commands the program runs instead of the site, on a prepared database; <see cref="CommandLineHelp"/> lists them.</summary>
public static class PortalCommands
{
    /// <summary>Runs the command the arguments name and returns its exit code; null when they name none, so the site starts.</summary>
    public static async Task<int?> RunAsync(IServiceProvider services, string[] args)
    {
        if (CreateAdminCommand.IsCommand(args))
        {
            return await CreateAdminCommand.RunAsync(services, args, Console.In, Console.Out);
        }

        if (BackupCommand.IsCommand(args))
        {
            return await BackupCommand.RunAsync(services, args, Console.Out);
        }

        if (MakeRenditionsCommand.IsCommand(args))
        {
            return await MakeRenditionsCommand.RunAsync(services, Console.Out);
        }

        if (RenderHtmlCommand.IsCommand(args))
        {
            return await RenderHtmlCommand.RunAsync(services, Console.Out);
        }

        return null;
    }
}
