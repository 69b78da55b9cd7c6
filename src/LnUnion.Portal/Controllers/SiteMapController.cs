using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using LnUnion.Portal.Organisation;
using LnUnion.Portal.Models;
using LnUnion.Portal.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

/// <summary>网站地图: every section of the site for people, as sitemap.xml lists every address for crawlers.</summary>
[AllowAnonymous]
public sealed class SiteMapController(PortalDbContext db) : Controller
{
    public const string PagePath = "/sitemap";

    [HttpGetOrHead(PagePath)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Sitemap])]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var channels = await db.Channels.AsNoTracking()
            .Where(c => c.ShowInNavigation)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new SiteMapLink(c.Name, "/" + c.Slug))
            .ToListAsync(cancellationToken);
        var pages = (await db.Pages.AsNoTracking().Select(p => new { p.Slug, p.Title }).ToListAsync(cancellationToken))
            .Where(p => StandingPages.PublicUrl(p.Slug) is not null)
            .OrderBy(p => StandingPages.SortKey(p.Slug))
            .Select(p => new SiteMapLink(p.Title, StandingPages.PublicUrl(p.Slug)!))
            .ToList();

        // One line a section: a new kind of page is listed by adding its line here.
        List<SiteMapSection> sections =
        [
            new("新闻与公告", [new("首页", "/"), .. channels, new("专题", "/topics")]),
            new("关于我们", [.. pages, new("机构设置", OrganisationPages.UnitsPath), new("领导之窗", OrganisationPages.LeadersPath)]),
            new("职工服务", [new("职工服务", ServiceDirectory.PagePath), new("职工信箱", "/mailbox"), new("信件查询", "/mailbox/query"), new("来信选登", "/mailbox/replies"), new("办理情况统计", "/mailbox/statistics")]),
            new("网站功能", [new("站内搜索", "/search"), new("订阅（Atom）", "/feed.xml"), new("无障碍说明", "/accessibility")]),
        ];
        return View(new SiteMapModel(sections));
    }
}
