using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using LnUnion.Portal.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

/// <summary>网站地图: every section of the site for people, as sitemap.xml lists every address for crawlers.</summary>
[AllowAnonymous]
public sealed class SiteMapController(PortalDbContext db) : Controller
{
    [HttpGetOrHead(PublicAddresses.SiteMap)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Sitemap])]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var channels = await db.Channels.AsNoTracking()
            .Where(c => c.ShowInNavigation)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new SiteMapLink(c.Name, PublicAddresses.Channel(c.Slug)))
            .ToListAsync(cancellationToken);
        var titles = await db.Pages.AsNoTracking().ToDictionaryAsync(p => p.Slug, p => p.Title, cancellationToken);
        var pages = PublicAddresses.StandingPages
            .Where(p => titles.ContainsKey(p.Slug))
            .Select(p => new SiteMapLink(titles[p.Slug], p.Path))
            .ToList();

        // One line a section: a new kind of page is listed by adding its line here.
        List<SiteMapSection> sections =
        [
            new("新闻与公告", [new("首页", PublicAddresses.Home), .. channels, new("专题", PublicAddresses.Topics)]),
            new("关于我们", [.. pages, new("机构设置", PublicAddresses.OrganisationUnits), new("领导之窗", PublicAddresses.Leaders)]),
            new("职工服务", [new("职工服务", PublicAddresses.Services), new("职工信箱", PublicAddresses.Mailbox), new("信件查询", PublicAddresses.MailboxQuery), new("来信选登", PublicAddresses.MailboxReplies), new("办理情况统计", PublicAddresses.MailboxStatistics)]),
            new("网站功能", [new("站内搜索", PublicAddresses.Search), new("订阅（Atom）", PublicAddresses.Feed), new("无障碍说明", PublicAddresses.Accessibility)]),
        ];
        return View(new SiteMapModel(sections));
    }
}
