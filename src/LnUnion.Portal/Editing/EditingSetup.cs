using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Editing;

public static class EditingSetup
{
    /// <summary>The editors' recovery copies and the session timing their page works to; the sign-in cookie's lifetime comes from it.</summary>
    public static IServiceCollection AddEditorSession(this IServiceCollection services)
    {
        services.AddOptions<EditorSessionOptions>().BindConfiguration(EditorSessionOptions.Section);
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<EditorSessionOptions>>((cookie, session) => cookie.ExpireTimeSpan = session.Value.IdleTimeout);
        services.AddScoped<EditorDrafts>();
        return services;
    }
}
