using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Content;

/// <summary>
/// Loads the header and footer of the public pages once per request. Pages are output-cached, so this runs only
/// when a page is rendered afresh.
/// </summary>
public sealed class SiteChrome(PortalDbContext db)
{
    private SiteChromeModel? _model;

    public async Task<SiteChromeModel> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_model is not null)
        {
            return _model;
        }

        // A database without a settings row (seeding turned off) still renders with the organisation's name.
        var settings = await db.SiteSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == SiteSettings.SingletonId, cancellationToken)
            ?? new SiteSettings { OrganisationName = SeedContent.OrganisationName };

        var channels = await db.Channels.AsNoTracking()
            .Where(c => c.ShowInNavigation)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new NavigationItem(c.Name, "/" + c.Slug))
            .ToListAsync(cancellationToken);
        List<NavigationItem> navigation = [new("首页", "/"), .. channels, new("机构简介", "/about"), new("职工信箱", "/mailbox"), new("联系我们", "/contact")];

        var accounts = await db.ServiceAccounts.AsNoTracking()
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Id)
            .Select(a => new ServiceAccountItem(a.Name, a.Description, a.Link, a.QrImage == null ? null : a.QrImage.StoredName))
            .ToListAsync(cancellationToken);

        var links = await db.FriendlyLinks.AsNoTracking()
            .OrderBy(l => l.SortOrder).ThenBy(l => l.Id)
            .Select(l => new FriendlyLinkItem(l.Name, l.Url))
            .ToListAsync(cancellationToken);

        return _model = new SiteChromeModel(settings, navigation, accounts, links);
    }

    /// <summary>
    /// For the error page, which must render even when the database is what failed: if loading the chrome fails
    /// too, the organisation's name and a link home.
    /// </summary>
    public async Task<SiteChromeModel> GetOrFallbackAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new SiteChromeModel(new SiteSettings { OrganisationName = SeedContent.OrganisationName }, [new("首页", "/")], [], []);
        }
    }
}
