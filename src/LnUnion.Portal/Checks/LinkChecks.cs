using System.Globalization;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Checks;

/// <summary>The kinds of finding the link checks report; the self-check counts these as dead links.</summary>
public static class LinkKinds
{
    /// <summary>A link to an address of this site that the public cannot open.</summary>
    public const string InternalLink = "internal-link";

    /// <summary>An attachment or linked file whose row exists but whose bytes are gone.</summary>
    public const string MissingFile = "missing-file";

    /// <summary>A link to another site that failed when the link checker last tried it.</summary>
    public const string ExternalLink = "external-link";

    public static readonly string[] All = [InternalLink, MissingFile, ExternalLink];
}

/// <summary>A link or image in a text, as the public page renders it.</summary>
public sealed record TextLink(string Text, string Url, bool IsImage);

/// <summary>
/// The links of a text. Read from the HTML the public page gets (the same renderer and sanitiser), so raw HTML
/// links, autolinks and images count exactly when a reader would see them.
/// </summary>
public sealed class TextLinks(MarkdownRenderer renderer, IOptions<SiteOptions> site)
{
    private const int LongestText = 40;

    private readonly string? _ownHost = Uri.TryCreate(site.Value.BaseUrl, UriKind.Absolute, out var baseUrl) ? baseUrl.Host : null;

    public IReadOnlyList<TextLink> Of(string markdown)
    {
        var document = new HtmlParser().ParseDocument(renderer.ToHtml(markdown));
        var links = document.QuerySelectorAll("a[href]")
            .Select(a => new TextLink(Shorten(a.TextContent), a.GetAttribute("href")!.Trim(), IsImage: false));
        var images = document.QuerySelectorAll("img[src]")
            .Select(img => new TextLink(Shorten(img.GetAttribute("alt") ?? string.Empty), img.GetAttribute("src")!.Trim(), IsImage: true));
        return [.. links.Concat(images)];
    }

    /// <summary>The path of a link to this site (relative, or absolute with the site's own host), or null for any other.</summary>
    public string? InternalPath(string url)
    {
        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
        {
            return Uri.TryCreate(new Uri("http://site.invalid"), url, out var relative) ? relative.AbsolutePath : null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            && string.Equals(absolute.Host, _ownHost, StringComparison.OrdinalIgnoreCase)
                ? absolute.AbsolutePath
                : null;
    }

    /// <summary>The address to check for a link to another site, without its fragment, or null for any other link.</summary>
    public string? ExternalUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            && !string.Equals(absolute.Host, _ownHost, StringComparison.OrdinalIgnoreCase)
            && absolute.GetLeftPart(UriPartial.Query) is { Length: <= 500 } withoutFragment
                ? withoutFragment
                : null;

    /// <summary>Where a link is, in an editor's words.</summary>
    public static string PlaceOf(TextLink link) =>
        link.IsImage
            ? (link.Text.Length > 0 ? $"正文图片“{link.Text}”" : "正文图片")
            : (link.Text.Length > 0 ? $"正文链接“{link.Text}”" : "正文链接");

    private static string Shorten(string text)
    {
        var trimmed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return trimmed.Length <= LongestText ? trimmed : trimmed[..LongestText] + "…";
    }
}

/// <summary>
/// Links to this site's own addresses (also under /zh-hant) that the public cannot open: an article not published,
/// scheduled, expired or withdrawn, one that does not exist, a channel or address that does not exist, a file that
/// is gone or belongs to an article the public cannot see.
/// </summary>
public sealed class InternalLinkCheck(PortalDbContext db, TextLinks links, MediaStorage storage, TimeProvider clock) : IArticleCheck
{
    /// <summary>Addresses the site always answers besides articles, channels and files.</summary>
    private static readonly HashSet<string> FixedPaths = new(PublicAddresses.FixedPages, StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<Finding>> CheckAsync(CheckedArticle article, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var link in links.Of(article.BodyMarkdown))
        {
            if (links.InternalPath(link.Url) is { } path && await ProblemAsync(path, cancellationToken) is { } problem)
            {
                findings.Add(new Finding(problem.Kind, FindingSeverity.Warning, TextLinks.PlaceOf(link), link.Url, problem.Message));
            }
        }

        return findings;
    }

    private async Task<(string Kind, string Message)?> ProblemAsync(string path, CancellationToken cancellationToken)
    {
        var traditional = new PathString(path).StartsWithSegments(PublicAddresses.TraditionalPrefix, StringComparison.OrdinalIgnoreCase, out var rest);
        var local = (traditional ? rest.Value ?? string.Empty : path).TrimEnd('/');
        if (traditional && local.StartsWith("/media/", StringComparison.OrdinalIgnoreCase))
        {
            // Files have one address; /zh-hant serves pages only.
            return (LinkKinds.InternalLink, "网站上没有这个地址（文件的网址不带 /zh-hant）。");
        }

        if (local.Length == 0 || FixedPaths.Contains(local) || local.StartsWith("/css/", StringComparison.Ordinal)
            || local.StartsWith("/js/", StringComparison.Ordinal) || local.StartsWith("/lib/", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = local.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["articles", var number] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (await db.Articles.VisibleToPublic(now).AnyAsync(a => a.Id == id, cancellationToken))
            {
                return null;
            }

            return await db.Articles.AnyAsync(a => a.Id == id, cancellationToken)
                ? (LinkKinds.InternalLink, "链接的文章公众看不到（尚未发布、定时发布、已过期或已撤下），读者点开会看到“页面不存在”。")
                : (LinkKinds.InternalLink, "链接的文章不存在（可能已删除或编号写错）。");
        }

        if (segments is ["media", var name])
        {
            return await MediaProblemAsync(Uri.UnescapeDataString(name), cancellationToken);
        }

        if (segments.Length == 1 || segments is [_, "feed.xml"])
        {
            // The channel page sends a capitalised address on to the lower-case one.
            var slug = segments[0].ToLowerInvariant();
            return await db.Channels.AnyAsync(c => c.Slug == slug, cancellationToken)
                ? null
                : (LinkKinds.InternalLink, "网站上没有这个栏目（网址名可能已修改或写错）。");
        }

        return (LinkKinds.InternalLink, "网站上没有这个地址。");
    }

    private async Task<(string Kind, string Message)?> MediaProblemAsync(string storedName, CancellationToken cancellationToken)
    {
        var file = await db.MediaFiles.AsNoTracking()
            .Where(m => m.StoredName == storedName)
            .Select(m => new { m.Id, m.OriginalName })
            .SingleOrDefaultAsync(cancellationToken);
        if (file is null || storage.PathOf(storedName) is not { } path)
        {
            return (LinkKinds.InternalLink, "链接的文件不存在（可能已从文件库删除）。");
        }

        if (!File.Exists(path))
        {
            return (LinkKinds.MissingFile, $"文件“{file.OriginalName}”在服务器上已丢失，读者无法打开。请重新上传后替换链接。");
        }

        return await MediaAccess.IsPublicAsync(db, file.Id, clock.GetUtcNow().UtcDateTime, cancellationToken)
            ? null
            : (LinkKinds.InternalLink, $"文件“{file.OriginalName}”属于公众看不到的文章，读者无法打开。");
    }
}

/// <summary>Attachments whose row is there but whose file is not: the download link on the article would fail.</summary>
public sealed class AttachmentFileCheck(PortalDbContext db, MediaStorage storage) : IArticleCheck
{
    public async Task<IReadOnlyList<Finding>> CheckAsync(CheckedArticle article, CancellationToken cancellationToken)
    {
        if (article.AttachmentMediaIds.Count == 0)
        {
            return [];
        }

        var ids = article.AttachmentMediaIds;
        var files = await db.MediaFiles.AsNoTracking()
            .Where(m => ids.Contains(m.Id))
            .Select(m => new { m.StoredName, m.OriginalName })
            .ToListAsync(cancellationToken);
        return [.. files
            .Where(f => storage.PathOf(f.StoredName) is not { } path || !File.Exists(path))
            .Select(f => new Finding(LinkKinds.MissingFile, FindingSeverity.Warning, $"附件“{f.OriginalName}”", f.OriginalName,
                "附件的文件在服务器上已丢失，读者点击下载会失败。请重新上传这个附件。"))];
    }
}

/// <summary>
/// Links to other sites, as the background <see cref="ExternalLinkChecker"/> last found them. The check itself never
/// goes out to the network: it reports the stored result and hands addresses not seen before to the checker.
/// </summary>
public sealed class ExternalLinkCheck(IServiceScopeFactory scopes, TextLinks links, TimeProvider clock) : IArticleCheck
{
    /// <summary>Seeing an address again within this long writes nothing, so a scan does not rewrite every row.</summary>
    private static readonly TimeSpan SeenAgainAfter = TimeSpan.FromHours(12);

    public async Task<IReadOnlyList<Finding>> CheckAsync(CheckedArticle article, CancellationToken cancellationToken)
    {
        var external = links.Of(article.BodyMarkdown)
            .Select(link => (Link: link, Url: links.ExternalUrl(link.Url)))
            .Where(l => l.Url is not null)
            .ToList();
        if (external.Count == 0)
        {
            return [];
        }

        var urls = external.Select(l => l.Url!).Distinct(StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow().UtcDateTime;

        // A scope of its own: the caller's context may hold an editor's unsaved changes, which this must not save.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var known = await db.ExternalLinks.Where(l => urls.Contains(l.Url)).ToDictionaryAsync(l => l.Url, StringComparer.Ordinal, cancellationToken);
        foreach (var url in urls)
        {
            if (known.TryGetValue(url, out var row))
            {
                if (now - row.LastSeenAt > SeenAgainAfter)
                {
                    row.LastSeenAt = now;
                }
            }
            else
            {
                db.ExternalLinks.Add(new ExternalLink { Url = url, Host = new Uri(url).Host, LastSeenAt = now });
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node or request added the same address a moment ago; it will be checked all the same.
        }

        return [.. external
            .Where(l => known.TryGetValue(l.Url!, out var row) && row.Problem is not null)
            .Select(l => new Finding(LinkKinds.ExternalLink, FindingSeverity.Warning, TextLinks.PlaceOf(l.Link), l.Url!,
                $"外部链接打不开：{known[l.Url!].Problem}（{ChinaTime.DateAndTime(known[l.Url!].CheckedAt!.Value)} 检查）。"))
            .DistinctBy(f => (f.Place, f.Found))];
    }
}
