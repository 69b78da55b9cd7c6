namespace LnUnion.Portal.Checks;

public static class ChecksSetup
{
    /// <summary>The pre-publication checks: each is an <see cref="IArticleCheck"/>, which the editor, review and the site scan all run.</summary>
    public static IServiceCollection AddContentChecks(this IServiceCollection services)
    {
        services.AddSingleton<CheckLists>();
        services.AddScoped<AttachmentText>();
        services.AddScoped<IArticleCheck, WordListCheck>();
        services.AddScoped<IArticleCheck, PersonalDataCheck>();
        services.AddScoped<IArticleCheck, ContentAccessibilityCheck>();
        services.AddScoped<ArticleChecks>();
        return services;
    }
}
