namespace LnUnion.Portal.Mailbox;

public static class MailboxSetup
{
    /// <summary>The public side of the workers' mailbox: writing, the query, the public list and the retention sweep.</summary>
    public static IServiceCollection AddMailbox(this IServiceCollection services)
    {
        services.AddOptions<MailboxOptions>().BindConfiguration(MailboxOptions.Section)
            .Validate<IHostEnvironment>((mailbox, environment) => environment.IsDevelopment() || mailbox.QueryCodeKeyBytes() is not null, MailboxOptions.QueryCodeKeyRequired)
            .ValidateOnStart();
        services.AddSingleton<QueryCodes>();
        services.AddSingleton<MailboxLimits>();
        services.AddSingleton<MailboxPublication>();
        services.AddScoped<LetterWriting>();
        services.AddScoped<LetterQuery>();
        services.AddScoped<LetterWorkflow>();
        services.AddScoped<MailboxStatistics>();
        services.AddScoped<LettersWaiting>();
        services.AddSingleton<PersonalDataSweep>();
        services.AddHostedService(provider => provider.GetRequiredService<PersonalDataSweep>());
        return services;
    }
}
