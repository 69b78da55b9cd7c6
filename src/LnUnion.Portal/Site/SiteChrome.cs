using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Models;
using LnUnion.Portal.Routing;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Site;

/// <summary>
/// The header and footer of the public pages, held in memory: four queries a page rendered afresh would otherwise make.
/// Dropped on every node by the same site-wide change that evicts every cached page (<see cref="PublicCache"/>), and
/// not trusted while this node might miss one.
/// </summary>
public sealed class SiteChrome
{
    private readonly IServiceScopeFactory _scopes;
    private readonly SiteWideChanges _changes;
    private readonly HtmlEncoder _encoder; // the views' own, for writing out what they rendered
    private readonly Lock _lock = new();
    private SiteChromeModel? _model;
    private long _generation;

    // The footer as rendered from each model still in use: it goes with its model, so whatever drops the model
    // (a site-wide change, or a page's own load while this node may miss one) drops its footer too.
    private readonly ConditionalWeakTable<SiteChromeModel, HtmlString> _footers = [];

    public SiteChrome(IServiceScopeFactory scopes, SiteWideChanges changes, HtmlEncoder encoder)
    {
        (_scopes, _changes, _encoder) = (scopes, changes, encoder);
        changes.Changed += Forget;
    }

    public async Task<SiteChromeModel> GetAsync(CancellationToken cancellationToken = default)
    {
        long generation;
        lock (_lock)
        {
            if (_model is not null && _changes.IsListening)
            {
                return _model;
            }

            generation = _generation;
        }

        var model = await LoadAsync(cancellationToken);
        lock (_lock)
        {
            // A change announced while this was loading may not be in it.
            if (generation == _generation)
            {
                _model = model;
            }
        }

        return model;
    }

    /// <summary>
    /// The footer for this model, rendered by <paramref name="render"/> the first time and then held: it is the same
    /// on every page, and rendering it (its partials, the QR codes' markup, the filing lines) was a good part of the
    /// layout's share of a page rendered afresh. Two pages rendering it at once make the same markup, so either may win.
    /// </summary>
    public async Task<HtmlString> FooterAsync(SiteChromeModel model, Func<Task<IHtmlContent>> render)
    {
        if (_footers.TryGetValue(model, out var held))
        {
            return held;
        }

        using var writer = new StringWriter();
        (await render()).WriteTo(writer, _encoder);
        var footer = new HtmlString(writer.ToString());
        _footers.AddOrUpdate(model, footer);
        return footer;
    }

    private void Forget()
    {
        lock (_lock)
        {
            _generation++;
            _model = null;
        }
    }

    private async Task<SiteChromeModel> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // A database without a settings row (seeding turned off) still renders with the organisation's name.
        var settings = await db.SiteSettings.AsNoTracking().Include(s => s.GovSiteMarkImage).SingleOrDefaultAsync(s => s.Id == SiteSettings.SingletonId, cancellationToken)
            ?? new SiteSettings { OrganisationName = SeedContent.OrganisationName };

        var channels = await db.Channels.AsNoTracking()
            .Where(c => c.ShowInNavigation)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new NavigationItem(c.Name, PublicAddresses.Channel(c.Slug)))
            .ToListAsync(cancellationToken);
        List<NavigationItem> navigation = [new("首页", PublicAddresses.Home), .. channels, new("机构简介", PublicAddresses.About), new("职工信箱", PublicAddresses.Mailbox), new("联系我们", PublicAddresses.Contact)];

        var accounts = await db.ServiceAccounts.AsNoTracking()
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Id)
            .Select(a => new ServiceAccountItem(a.Name, a.Description, a.Link, a.QrImage == null ? null : new StoredImage(a.QrImage.StoredName, a.QrImage.Width, a.QrImage.Height, a.QrImage.HasRenditions)))
            .ToListAsync(cancellationToken);

        var links = await db.FriendlyLinks.AsNoTracking()
            .OrderBy(l => l.SortOrder).ThenBy(l => l.Id)
            .Select(l => new FriendlyLinkItem(l.Name, l.Url))
            .ToListAsync(cancellationToken);

        return new SiteChromeModel(settings, navigation, accounts, links);
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
