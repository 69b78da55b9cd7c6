namespace LnUnion.Portal.Organisation;

public static class OrganisationSetup
{
    /// <summary>机构设置 and 领导之窗: the public pages and the staff's editing of them.</summary>
    public static IServiceCollection AddOrganisationPages(this IServiceCollection services) =>
        services.AddScoped<OrganisationPages>().AddScoped<OrganisationEditing>();
}
