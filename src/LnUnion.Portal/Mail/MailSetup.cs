namespace LnUnion.Portal.Mail;

public static class MailSetup
{
    /// <summary>Review and letter notices by mail, when <c>Mail:Smtp</c> names a server.</summary>
    public static IServiceCollection AddReviewMail(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section);
        services.AddSingleton<MailOutbox>();
        services.AddHostedService<MailSender>();
        services.AddScoped<ReviewMail>();
        services.AddScoped<LetterMail>();
        return services;
    }
}
