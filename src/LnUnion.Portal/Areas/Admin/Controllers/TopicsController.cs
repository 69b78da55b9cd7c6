using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// 专题: editors keep each topic's title, banner, introduction and dates, and its list of articles. A topic is not
/// reviewed (its articles are); every change shows at once, and the audit filter records it.
/// </summary>
[Authorize(Policy = Policies.Write)]
[Route("admin/topics")]
public sealed class TopicsController(PortalDbContext db, ContentChanges changes, TopicMembership membership, TimeProvider clock) : AdminController
{
    private const int FoundLimit = 20;
    private const string SlugField = "Input." + nameof(TopicInput.Slug);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private ReviewRules.Viewer Viewer => new(UserId, User.IsInRole(Roles.Administrator), User.IsInRole(Roles.Reviewer), User.IsInRole(Roles.Editor));

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var rows = await db.Topics.AsNoTracking()
            .OrderByDescending(t => t.StartsOn).ThenByDescending(t => t.Id)
            .Select(t => new TopicRow(t.Id, t.Title, t.Slug, t.StartsOn, t.EndsOn, t.Articles.Count))
            .ToListAsync(cancellationToken);
        ViewData["Today"] = ChinaTime.Today(clock);
        return View(rows);
    }

    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken) =>
        View("Edit", await EditModelAsync(null, new TopicInput { StartsOn = ChinaTime.Today(clock) }, cancellationToken));

    [HttpPost("new")]
    public async Task<IActionResult> Create([Bind(Prefix = "Input")] TopicInput input, CancellationToken cancellationToken)
    {
        await ValidateAsync(input, exceptId: null, cancellationToken);
        if (!ModelState.IsValid)
        {
            return View("Edit", await EditModelAsync(null, input, cancellationToken));
        }

        var topic = new Topic { Slug = input.Slug, Title = input.Title.Trim(), BodyMarkdown = string.Empty, CreatedAt = Now };
        Apply(topic, input);
        db.Topics.Add(topic);
        if (!await TrySaveAsync(null, default, cancellationToken))
        {
            return View("Edit", await EditModelAsync(null, input, cancellationToken));
        }

        RouteData.Values["id"] = topic.Id;
        Flash($"专题“{topic.Title}”已创建。现在可以在下面添加文章。");
        return RedirectToAction(nameof(Edit), new { id = topic.Id });
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, string? q, CancellationToken cancellationToken)
    {
        var input = await SavedAsync(id, cancellationToken);
        return input is null ? NotFound() : View(await EditModelAsync(id, input, cancellationToken, q));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, [Bind(Prefix = "Input")] TopicInput input, CancellationToken cancellationToken)
    {
        var topic = await db.Topics.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (topic is null)
        {
            return NotFound();
        }

        await ValidateAsync(input, exceptId: id, cancellationToken);
        if (!ModelState.IsValid)
        {
            return View(await EditModelAsync(id, input, cancellationToken));
        }

        topic.Slug = input.Slug;
        topic.Title = input.Title.Trim();
        Apply(topic, input);
        if (!await TrySaveAsync(topic, input.Version, cancellationToken))
        {
            return await ConflictAsync(id, input, cancellationToken);
        }

        Flash($"专题“{topic.Title}”已保存，网站上已显示新内容。");
        return RedirectToAction(nameof(Edit), new { id });
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var topic = await db.Topics.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (topic is null)
        {
            return NotFound();
        }

        db.Topics.Remove(topic);
        changes.TopicsChanged();
        if (!await TrySaveAsync(topic, version, cancellationToken))
        {
            return await SavedAsync(id, cancellationToken) is { } current ? await ConflictAsync(id, current, cancellationToken) : NotFound();
        }

        Flash($"专题“{topic.Title}”已删除（其中的文章不受影响）。");
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Adds an article of any channel to the topic's list; the public sees it there while it is published.</summary>
    [HttpPost("{id:int}/articles")]
    public async Task<IActionResult> AddArticle(int id, [FromForm] Guid version, [FromForm] int articleId, CancellationToken cancellationToken)
    {
        var topic = await db.Topics.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (topic is null)
        {
            return NotFound();
        }

        var article = await Addable()
            .Where(a => a.Id == articleId)
            .Select(a => new { a.Id, a.Title })
            .SingleOrDefaultAsync(cancellationToken);
        string? refusal = article is null ? $"没有编号为 {articleId} 的文章。"
            : await db.TopicArticles.AnyAsync(x => x.TopicId == id && x.ArticleId == articleId, cancellationToken) ? $"“{article.Title}”已在本专题中。"
            : null;
        if (refusal is not null)
        {
            return await RefusedAsync(id, refusal, cancellationToken);
        }

        if (!await membership.AddAsync(topic, articleId, UserId, version, cancellationToken))
        {
            return await SavedAsync(id, cancellationToken) is { } current ? await ConflictAsync(id, current, cancellationToken) : NotFound();
        }

        Flash($"已把“{article!.Title}”加入专题。");
        return RedirectToAction(nameof(Edit), new { id });
    }

    [HttpPost("{id:int}/articles/{articleId:int}/remove")]
    public async Task<IActionResult> RemoveArticle(int id, int articleId, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var topic = await db.Topics.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (topic is null || !await db.TopicArticles.AnyAsync(x => x.TopicId == id && x.ArticleId == articleId, cancellationToken))
        {
            return NotFound();
        }

        if (!await membership.RemoveAsync(topic, articleId, UserId, version, cancellationToken))
        {
            return await SavedAsync(id, cancellationToken) is { } current ? await ConflictAsync(id, current, cancellationToken) : NotFound();
        }

        Flash("已把文章移出专题（文章本身不受影响）。");
        return RedirectToAction(nameof(Edit), new { id });
    }

    private void Apply(Topic topic, TopicInput input)
    {
        topic.BodyMarkdown = input.BodyMarkdown ?? string.Empty;
        topic.BannerImageId = input.BannerImageId;
        topic.StartsOn = input.StartsOn!.Value;
        topic.EndsOn = input.EndsOn;
        membership.Touch(topic, UserId);
    }

    private async Task ValidateAsync(TopicInput input, int? exceptId, CancellationToken cancellationToken)
    {
        if (ModelState.GetFieldValidationState(SlugField) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && await db.Topics.AnyAsync(t => t.Slug == input.Slug && t.Id != exceptId, cancellationToken))
        {
            ModelState.AddModelError(SlugField, $"网址名“{input.Slug}”已被其他专题使用，请换一个。");
        }

        if (input.BannerImageId is { } banner && !await Banners().AnyAsync(m => m.Id == banner, cancellationToken))
        {
            ModelState.AddModelError("Input." + nameof(TopicInput.BannerImageId), "请从媒体库中的图片里选择横幅图片。");
        }
    }

    private IQueryable<Article> Addable() => membership.Addable(Viewer);

    /// <summary>The library's images this user may use: a banner is shown to everyone.</summary>
    private IQueryable<MediaFile> Banners() =>
        db.MediaFiles.AsNoTracking().VisibleTo(db, Viewer).Where(m => m.ContentType.StartsWith("image/"));

    /// <summary>Saves; see <see cref="AdminController.TrySaveAsync"/>. The database refuses a slug another topic took at the same moment.</summary>
    private Task<bool> TrySaveAsync(Topic? row, Guid version, CancellationToken cancellationToken) =>
        TrySaveAsync(changes, row, version, () =>
        {
            ModelState.AddModelError(SlugField, "网址名刚被其他专题使用，请换一个。");
            Response.StatusCode = StatusCodes.Status409Conflict;
        }, cancellationToken);

    private async Task<IActionResult> ConflictAsync(int id, TopicInput typed, CancellationToken cancellationToken)
    {
        var current = await SavedAsync(id, cancellationToken);
        if (current is null)
        {
            return NotFound();
        }

        if (ModelState.ErrorCount == 0)
        {
            ShowConflict();
        }

        typed.Version = current.Version;
        ModelState.Remove("Input.Version");
        return View("Edit", await EditModelAsync(id, typed, cancellationToken, isConflict: true));
    }

    private async Task<IActionResult> RefusedAsync(int id, string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(string.Empty, message);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Edit", await EditModelAsync(id, (await SavedAsync(id, cancellationToken))!, cancellationToken));
    }

    private Task<TopicInput?> SavedAsync(int id, CancellationToken cancellationToken) =>
        db.Topics.AsNoTracking()
            .Where(t => t.Id == id)
            .Select(t => new TopicInput
            {
                Version = t.Version,
                Title = t.Title,
                Slug = t.Slug,
                BannerImageId = t.BannerImageId,
                BodyMarkdown = t.BodyMarkdown,
                StartsOn = t.StartsOn,
                EndsOn = t.EndsOn,
            })
            .SingleOrDefaultAsync(cancellationToken);

    private async Task<TopicEditModel> EditModelAsync(int? id, TopicInput input, CancellationToken cancellationToken, string? query = null, bool isConflict = false)
    {
        var articles = id is { } topicId
            ? await db.TopicArticles.AsNoTracking()
                .Where(x => x.TopicId == topicId)
                .OrderByDescending(x => x.Article.PublishAt).ThenByDescending(x => x.ArticleId)
                .Select(x => new TopicArticleRow(x.ArticleId, x.Article.Title, x.Article.Channel.Name, x.Article.Status, x.Article.PublishAt))
                .ToListAsync(cancellationToken)
            : [];
        var text = query?.Trim();
        var found = id is { } searchedTopic && !string.IsNullOrEmpty(text) && text.Length <= 100
            ? await Addable()
                .Where(a => a.Title.Contains(text) && !db.TopicArticles.Any(x => x.TopicId == searchedTopic && x.ArticleId == a.Id))
                .OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id)
                .Take(FoundLimit)
                .Select(a => new TopicArticleRow(a.Id, a.Title, a.Channel.Name, a.Status, a.PublishAt))
                .ToListAsync(cancellationToken)
            : [];
        return new TopicEditModel
        {
            Id = id,
            Input = input,
            Banners = await Banners()
                .OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id)
                .Take(200)
                .Select(m => new BannerOption(m.Id, m.OriginalName))
                .ToListAsync(cancellationToken),
            BannerImageName = input.BannerImageId is { } banner
                ? await db.MediaFiles.AsNoTracking().Where(m => m.Id == banner).Select(m => m.StoredName).SingleOrDefaultAsync(cancellationToken)
                : null,
            IsConflict = isConflict,
            Articles = articles,
            Query = text,
            Found = found,
        };
    }
}
