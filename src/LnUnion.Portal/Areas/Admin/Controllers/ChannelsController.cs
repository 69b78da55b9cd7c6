using System.Collections.Frozen;
using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>The site's sections: their names, addresses, order in the navigation, review levels and kinds (which decide when they count as not updated).</summary>
[Authorize(Policy = Policies.Administer)]
[Route("admin/channels")]
public sealed class ChannelsController(PortalDbContext db, ContentChanges changes) : AdminController
{
    /// <summary>The home page finds these channels by slug; renaming one would silently empty its box there.</summary>
    private static readonly FrozenSet<string> FixedSlugs = FrozenSet.Create(StringComparer.Ordinal, ChannelSlugs.HomeSections);

    private const string SlugField = "Input." + nameof(ChannelInput.Slug);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var rows = await db.Channels.AsNoTracking()
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new ChannelRow(c.Id, c.Name, c.Slug, c.SortOrder, c.ShowInNavigation, c.ReviewLevels, c.Kind, c.Articles.Count))
            .ToListAsync(cancellationToken);
        return View(rows);
    }

    [HttpGet("new")]
    public IActionResult Create() => View("Edit", new ChannelEditModel { Input = new ChannelInput() });

    [HttpPost("new")]
    public async Task<IActionResult> Create([Bind(Prefix = "Input")] ChannelInput input, CancellationToken cancellationToken)
    {
        await ValidateSlugAsync(input.Slug, exceptId: null, cancellationToken);
        await ValidateNameAsync(input.Name, exceptId: null, cancellationToken);
        if (!ModelState.IsValid)
        {
            return View("Edit", new ChannelEditModel { Input = input });
        }

        var channel = new Channel { Slug = input.Slug, Name = input.Name.Trim() };
        Apply(channel, input);
        db.Channels.Add(channel);
        if (!await TrySaveAsync(row: null, default, cancellationToken))
        {
            return View("Edit", new ChannelEditModel { Input = input });
        }

        // Names the new channel as the target of the audit entry the filter writes for this request.
        RouteData.Values["id"] = channel.Id;
        Flash($"栏目“{channel.Name}”已创建，网址为 /{channel.Slug}。");
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var saved = await SavedAsync(id, cancellationToken);
        return saved is null
            ? NotFound()
            : View(await EditModelAsync(id, saved, FixedSlugs.Contains(saved.Slug), cancellationToken));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, [Bind(Prefix = "Input")] ChannelInput input, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return NotFound();
        }

        var slugIsFixed = FixedSlugs.Contains(channel.Slug);
        if (slugIsFixed && input.Slug != channel.Slug)
        {
            ModelState.AddModelError(SlugField, $"首页直接引用了网址名“{channel.Slug}”，这个栏目的网址名不能修改。");
        }
        else if (input.Slug != channel.Slug)
        {
            await ValidateSlugAsync(input.Slug, exceptId: id, cancellationToken);
        }

        await ValidateNameAsync(input.Name, exceptId: id, cancellationToken);

        if (!ModelState.IsValid)
        {
            return View(await EditModelAsync(id, input, slugIsFixed, cancellationToken));
        }

        channel.Slug = input.Slug;
        channel.Name = input.Name.Trim();
        Apply(channel, input);
        if (!await TrySaveAsync(channel, input.Version, cancellationToken))
        {
            return await FailedSaveAsync(id, input, slugIsFixed, cancellationToken);
        }

        Flash($"栏目“{channel.Name}”已保存。");
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return NotFound();
        }

        var articleCount = await db.Articles.CountAsync(a => a.ChannelId == id, cancellationToken);
        if (articleCount > 0 || FixedSlugs.Contains(channel.Slug))
        {
            ModelState.AddModelError(string.Empty, articleCount > 0
                ? $"栏目“{channel.Name}”中还有 {articleCount} 篇文章（包括草稿和已撤回的文章），不能删除。请先把这些文章移到其他栏目；如只想在网站上隐藏该栏目，可取消“显示在网站导航中”。"
                : $"首页直接引用了栏目“{channel.Name}”，不能删除。");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("Edit", await EditModelAsync(id, (await SavedAsync(id, cancellationToken))!, FixedSlugs.Contains(channel.Slug), cancellationToken));
        }

        db.Channels.Remove(channel);
        if (!await TrySaveAsync(channel, version, cancellationToken))
        {
            // Changed since the page was loaded, or an article was added between the count and the delete (the
            // foreign key refused it).
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await SavedAsync(id, cancellationToken) is { } current
                ? View("Edit", await EditModelAsync(id, current, slugIsFixed: false, cancellationToken))
                : NotFound();
        }

        Flash($"栏目“{channel.Name}”已删除。");
        return RedirectToAction(nameof(Index));
    }

    private async Task ValidateSlugAsync(string slug, int? exceptId, CancellationToken cancellationToken)
    {
        // A malformed slug already has its message from the input's own validation.
        if (!PublicAddresses.IsSlug(slug))
        {
            return;
        }

        if (PublicAddresses.ReservedSlugs.Contains(slug))
        {
            ModelState.AddModelError(SlugField, $"“{slug}”是网站保留的网址，不能用作栏目网址名。");
        }
        else if (await db.Channels.AnyAsync(c => c.Slug == slug && c.Id != exceptId, cancellationToken))
        {
            ModelState.AddModelError(SlugField, $"网址名“{slug}”已被其他栏目使用。");
        }
    }

    /// <summary>Two channels of one name would be two identical entries in the navigation and the article form.</summary>
    private async Task ValidateNameAsync(string? name, int? exceptId, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (!string.IsNullOrEmpty(trimmed) && await db.Channels.AnyAsync(c => c.Name == trimmed && c.Id != exceptId, cancellationToken))
        {
            ModelState.AddModelError("Input." + nameof(ChannelInput.Name), $"栏目名称“{trimmed}”已被其他栏目使用。");
        }
    }

    /// <summary>Saves the channel (or a new one, with no row), which shows on every page; see <see cref="AdminController.TrySaveAsync"/>.</summary>
    private Task<bool> TrySaveAsync(Channel? row, Guid version, CancellationToken cancellationToken)
    {
        changes.EverythingChanged();
        return TrySaveAsync(changes, row, version, () => ModelState.AddModelError(string.Empty, "保存失败：网址名可能刚被他人使用，或栏目中刚有人添加了文章。请刷新页面后重试。"), cancellationToken);
    }

    /// <summary>The form again, with what the user typed and the reason; after a conflict, also what is saved now.</summary>
    private async Task<IActionResult> FailedSaveAsync(int id, ChannelInput input, bool slugIsFixed, CancellationToken cancellationToken)
    {
        var saved = await SavedAsync(id, cancellationToken);
        if (saved is null)
        {
            return NotFound();
        }

        var isConflict = Response.StatusCode == StatusCodes.Status409Conflict;
        if (isConflict)
        {
            input.Version = saved.Version;
        }

        return View(await EditModelAsync(id, input, slugIsFixed, cancellationToken, isConflict ? saved : null));
    }

    private Task<ChannelInput?> SavedAsync(int id, CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new ChannelInput
            {
                Version = c.Version,
                Name = c.Name,
                Slug = c.Slug,
                SortOrder = c.SortOrder,
                ShowInNavigation = c.ShowInNavigation,
                ReviewLevels = c.ReviewLevels,
                Kind = c.Kind,
            })
            .SingleOrDefaultAsync(cancellationToken);

    private async Task<ChannelEditModel> EditModelAsync(int id, ChannelInput input, bool slugIsFixed, CancellationToken cancellationToken, ChannelInput? saved = null) => new()
    {
        Id = id,
        Input = input,
        ArticleCount = await db.Articles.CountAsync(a => a.ChannelId == id, cancellationToken),
        SlugIsFixed = slugIsFixed,
        Saved = saved,
    };

    private static void Apply(Channel channel, ChannelInput input)
    {
        channel.SortOrder = input.SortOrder;
        channel.ShowInNavigation = input.ShowInNavigation;
        channel.ReviewLevels = input.ReviewLevels;
        channel.Kind = input.Kind;
    }
}
