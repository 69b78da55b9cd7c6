using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>Writing, reviewing and publishing articles.</summary>
[Authorize(Policy = Policies.Articles)]
[Route("admin/articles")]
public sealed class ArticlesController(
    PortalDbContext db,
    MarkdownRenderer markdown,
    Uploads uploads,
    MediaStorage storage,
    PublicCache cache,
    TimeProvider clock) : AdminController
{
    private const int PageSize = 30;
    private const long MaxFormBytes = 200L * 1024 * 1024;

    private ReviewRules.Viewer Viewer => new(UserId, User.IsInRole(Roles.Administrator), User.IsInRole(Roles.Reviewer), User.IsInRole(Roles.Editor));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] ArticleFilter filter, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            filter = new ArticleFilter();
        }

        var query = db.Articles.AsNoTracking().VisibleTo(Viewer);
        if (filter.ChannelId is { } channelId)
        {
            query = query.Where(a => a.ChannelId == channelId);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(a => a.Title.Contains(text) || (a.Author != null && a.Author.Contains(text)));
        }

        if (filter.SampleOnly)
        {
            query = query.Where(a => a.IsSample);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id)
            .Skip((filter.Page - 1) * PageSize)
            .Take(PageSize)
            .Select(a => new ArticleRow(
                a.Id,
                a.Title,
                a.Channel.Name,
                a.Status,
                a.SubmittedAt != null,
                a.PendingRevisionId != null,
                a.IsSample,
                a.IsPinned,
                a.PublishAt,
                a.UpdatedAt,
                a.CreatedBy == null ? null : a.CreatedBy.DisplayName ?? a.CreatedBy.Email))
            .ToListAsync(cancellationToken);

        return View(new ArticleListModel(filter, await ChannelsAsync(cancellationToken), rows, Math.Max(1, (total + PageSize - 1) / PageSize)));
    }

    [HttpGet("new")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> Create(CancellationToken cancellationToken) =>
        View("Edit", new ArticleEditModel { Input = new ArticleInput(), Channels = await ChannelsAsync(cancellationToken) });

    [HttpPost("new")]
    [Authorize(Policy = Policies.Write)]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
    public async Task<IActionResult> Create(ArticleInput input, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == input.ChannelId, cancellationToken);
        if (channel is null)
        {
            ModelState.AddModelError(nameof(input.ChannelId), "请选择栏目。");
        }

        var saved = ModelState.IsValid ? await SaveUploadsAsync(input, cancellationToken) : null;
        if (saved is null)
        {
            return View("Edit", new ArticleEditModel { Input = input, Channels = await ChannelsAsync(cancellationToken) });
        }

        var now = Now;
        var article = new Article
        {
            ChannelId = input.ChannelId,
            Title = input.Title.Trim(),
            BodyMarkdown = input.BodyMarkdown,
            Status = ArticleStatus.Draft,
            CreatedAt = now,
            CreatedById = UserId,
            UpdatedAt = now,
            UpdatedById = UserId,
        };
        ApplyDetails(article, input, saved);
        ApplyText(article, input.Title.Trim(), input.Summary, input.BodyMarkdown, "新建");
        db.Articles.Add(article);
        await db.SaveChangesAsync(cancellationToken);

        Flash("文章已保存为草稿。写完后请点击“提交审核”。");
        return RedirectToAction(nameof(Show), new { id = article.Id });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken) =>
        await DetailAsync(id, error: null, cancellationToken) is { } view ? view : NotFound();

    [HttpGet("{id:int}/edit")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var article = await LoadAsync(id, cancellationToken);
        if (article is null)
        {
            return NotFound();
        }

        if (!ReviewRules.CanEdit(Viewer, Facts(article)))
        {
            return Forbid();
        }

        var text = article.PendingRevision ?? new ArticleRevision { Title = article.Title, Summary = article.Summary, BodyMarkdown = article.BodyMarkdown };
        var input = new ArticleInput
        {
            Version = article.Version,
            ChannelId = article.ChannelId,
            Title = text.Title,
            Summary = text.Summary,
            BodyMarkdown = text.BodyMarkdown,
            Author = article.Author,
            Source = article.Source,
            InspectionTeam = article.Inspection.Team,
            AcceptFrom = article.Inspection.AcceptFrom,
            AcceptTo = article.Inspection.AcceptTo,
            Hotline = article.Inspection.Hotline,
            PostalBox = article.Inspection.PostalBox,
            InspectionEmail = article.Inspection.Email,
        };
        return View(await EditModelAsync(article, input, isConflict: false, cancellationToken));
    }

    [HttpPost("{id:int}/edit")]
    [Authorize(Policy = Policies.Write)]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
    public async Task<IActionResult> Edit(int id, ArticleInput input, CancellationToken cancellationToken)
    {
        var article = await LoadAsync(id, cancellationToken);
        if (article is null)
        {
            return NotFound();
        }

        if (!ReviewRules.CanEdit(Viewer, Facts(article)))
        {
            return Forbid();
        }

        if (!await db.Channels.AnyAsync(c => c.Id == input.ChannelId, cancellationToken))
        {
            ModelState.AddModelError(nameof(input.ChannelId), "请选择栏目。");
        }

        var saved = ModelState.IsValid ? await SaveUploadsAsync(input, cancellationToken) : null;
        if (saved is null)
        {
            return View(await EditModelAsync(article, input, isConflict: false, cancellationToken));
        }

        var wasLive = article.Status == ArticleStatus.Published;
        var channelBefore = article.Channel.Slug;
        db.Entry(article).Property(a => a.Version).OriginalValue = input.Version;
        article.ChannelId = input.ChannelId;
        ApplyDetails(article, input, saved);
        ApplyText(article, input.Title.Trim(), input.Summary, input.BodyMarkdown, "修改");
        article.IsSample = false;
        article.UpdatedAt = Now;
        article.UpdatedById = UserId;

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            DeleteFiles(saved);
            db.ChangeTracker.Clear();
            var current = await LoadAsync(id, cancellationToken);
            if (current is null)
            {
                return NotFound();
            }

            // The next save is a deliberate choice made after seeing the message, so it carries the current version.
            input.Version = current.Version;
            // The form re-renders from ModelState first, which still holds the stale version the user posted.
            ModelState.Remove($"{nameof(ArticleEditModel.Input)}.{nameof(ArticleInput.Version)}");
            ModelState.AddModelError(string.Empty, "保存失败：在您编辑期间，其他人已修改并保存了这篇文章。您的内容仍保留在下面的表单中；请先查看对方的修改，再决定是否以您的版本覆盖。");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(await EditModelAsync(current, input, isConflict: true, cancellationToken));
        }

        if (wasLive)
        {
            // Details such as author, attachments and the inspection box show at once; the text waits for review.
            await cache.ArticleChangedAsync(article.Id, article.Channel.Slug, cancellationToken);
            if (channelBefore != article.Channel.Slug)
            {
                await cache.ArticleChangedAsync(article.Id, channelBefore, cancellationToken);
            }
        }

        Flash(wasLive ? "修改已保存为待审核版本；审核通过前，网站上仍显示原来的内容。" : "文章已保存。");
        return RedirectToAction(nameof(Show), new { id });
    }

    /// <summary>The editor's live preview: the same pipeline as the public page.</summary>
    [HttpPost("preview")]
    [Authorize(Policy = Policies.Articles)]
    [SkipAudit]
    [RequestSizeLimit(4 * 1024 * 1024)]
    public IActionResult Preview([FromForm(Name = "markdown")] string? text) => Content(markdown.ToPreviewHtml(text), "text/html; charset=utf-8");

    [HttpPost("{id:int}/submit")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> Submit(int id, CancellationToken cancellationToken)
    {
        var article = await LoadAsync(id, cancellationToken);
        if (article is null)
        {
            return NotFound();
        }

        if (!ReviewRules.CanEdit(Viewer, Facts(article)))
        {
            return await RefuseAsync(id, "您不能提交这篇文章，或它已在审核中。", cancellationToken);
        }

        var isChange = article.Status == ArticleStatus.Published;
        if (isChange && article.PendingRevisionId is null)
        {
            return await RefuseAsync(id, "这篇已发布的文章没有待审核的修改。", cancellationToken);
        }

        if (!isChange)
        {
            article.Status = ArticleStatus.InReview;
        }

        article.SubmittedAt = Now;
        article.SubmittedById = UserId;
        await db.SaveChangesAsync(cancellationToken);
        Flash($"已提交审核（共 {article.Channel.ReviewLevels} 级）。");
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id:int}/approve")]
    [Authorize(Policy = Policies.Review)]
    public async Task<IActionResult> Approve(int id, ReviewInput input, CancellationToken cancellationToken)
    {
        var (article, approvals, refusal) = await ReviewableAsync(id, cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        if (!ModelState.IsValid)
        {
            return await RefuseAsync(id, "审核意见或发布时间有误。", cancellationToken);
        }

        var level = approvals.Count + 1;
        db.ReviewRecords.Add(new ReviewRecord
        {
            ArticleId = id,
            RevisionId = article.PendingRevisionId ?? await LatestRevisionIdAsync(id, cancellationToken),
            Level = level,
            ReviewerId = UserId,
            Decision = ReviewDecision.Approved,
            Reason = input.Reason,
            At = Now,
        });

        var isFinal = level >= article.Channel.ReviewLevels;
        if (isFinal)
        {
            Publish(article, input.PublishAt);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (isFinal)
        {
            await cache.ArticleChangedAsync(id, article.Channel.Slug, cancellationToken);
        }

        Flash(isFinal
            ? article.PublishAt > Now ? $"审核通过，将于 {ChinaTime.FromUtc(article.PublishAt.Value):yyyy-MM-dd HH:mm} 自动发布。" : "审核通过，已发布。"
            : $"第 {level} 级审核已通过，等待第 {level + 1} 级审核。");
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id:int}/reject")]
    [Authorize(Policy = Policies.Review)]
    public async Task<IActionResult> Reject(int id, ReviewInput input, CancellationToken cancellationToken)
    {
        var (article, approvals, refusal) = await ReviewableAsync(id, cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        if (string.IsNullOrWhiteSpace(input.Reason) || !ModelState.IsValid)
        {
            return await RefuseAsync(id, "退回时请填写理由（不超过 500 字），以便作者修改。", cancellationToken);
        }

        db.ReviewRecords.Add(new ReviewRecord
        {
            ArticleId = id,
            RevisionId = article.PendingRevisionId ?? await LatestRevisionIdAsync(id, cancellationToken),
            Level = approvals.Count + 1,
            ReviewerId = UserId,
            Decision = ReviewDecision.Rejected,
            Reason = input.Reason.Trim(),
            At = Now,
        });
        if (article.Status == ArticleStatus.InReview)
        {
            article.Status = ArticleStatus.Rejected;
        }

        article.SubmittedAt = null;
        article.SubmittedById = null;
        await db.SaveChangesAsync(cancellationToken);
        Flash("已退回，作者可以修改后重新提交。");
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id:int}/withdraw")]
    [Authorize(Policy = Policies.Review)]
    public async Task<IActionResult> Withdraw(int id, CancellationToken cancellationToken)
    {
        var article = await LoadAsync(id, cancellationToken);
        if (article is null)
        {
            return NotFound();
        }

        if (article.Status != ArticleStatus.Published)
        {
            return await RefuseAsync(id, "只有已发布的文章可以撤回。", cancellationToken);
        }

        article.Status = ArticleStatus.Withdrawn;
        article.SubmittedAt = null;
        article.SubmittedById = null;
        article.UpdatedAt = Now;
        article.UpdatedById = UserId;
        await db.SaveChangesAsync(cancellationToken);
        await cache.ArticleChangedAsync(id, article.Channel.Slug, cancellationToken);
        Flash("文章已撤回，网站上不再显示。");
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id:int}/publishing")]
    [Authorize(Policy = Policies.Review)]
    public async Task<IActionResult> Publishing(int id, PublishSettingsInput input, CancellationToken cancellationToken)
    {
        var article = await LoadAsync(id, cancellationToken);
        if (article is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return await RefuseAsync(id, "时间格式不正确。", cancellationToken);
        }

        var publishAt = input.PublishAt is { } p ? ChinaTime.ToUtc(p) : article.PublishAt;
        var expiresAt = input.ExpiresAt is { } e ? ChinaTime.ToUtc(e) : (DateTime?)null;
        if (expiresAt is not null && publishAt is not null && expiresAt <= publishAt)
        {
            return await RefuseAsync(id, "过期时间必须晚于发布时间。", cancellationToken);
        }

        article.PublishAt = publishAt;
        article.ExpiresAt = expiresAt;
        article.IsPinned = input.IsPinned;
        article.PinnedUntil = input.IsPinned && input.PinnedUntil is { } until ? ChinaTime.ToUtc(until) : null;
        article.UpdatedAt = Now;
        article.UpdatedById = UserId;
        await db.SaveChangesAsync(cancellationToken);
        await cache.ArticleChangedAsync(id, article.Channel.Slug, cancellationToken);
        Flash("发布设置已保存。");
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpGet("{id:int}/compare")]
    public async Task<IActionResult> Compare(int id, int from, int to, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().VisibleTo(Viewer).Where(a => a.Id == id).Select(a => new { a.Title }).SingleOrDefaultAsync(cancellationToken);
        var revisions = await db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == id && (r.Id == from || r.Id == to))
            .Select(r => new RevisionText(r.Id, r.Title, r.BodyMarkdown, r.CreatedAt, r.CreatedBy == null ? null : r.CreatedBy.DisplayName ?? r.CreatedBy.Email, r.Note))
            .ToListAsync(cancellationToken);
        return article is not null && DiffModel.Between(article.Title, Url.Action(nameof(Show), new { id })!, revisions, from, to) is { } diff
            ? View("Diff", diff)
            : NotFound();
    }

    [HttpPost("{id:int}/revisions/{revisionId:int}/restore")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> Restore(int id, int revisionId, CancellationToken cancellationToken)
    {
        var article = await LoadAsync(id, cancellationToken);
        var revision = await db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == revisionId && r.ArticleId == id, cancellationToken);
        if (article is null || revision is null)
        {
            return NotFound();
        }

        if (!ReviewRules.CanEdit(Viewer, Facts(article)))
        {
            return await RefuseAsync(id, "您不能修改这篇文章，或它正在审核中。", cancellationToken);
        }

        ApplyText(article, revision.Title, revision.Summary, revision.BodyMarkdown, $"恢复自修订 #{revision.Id}");
        article.UpdatedAt = Now;
        article.UpdatedById = UserId;
        await db.SaveChangesAsync(cancellationToken);
        Flash(article.Status == ArticleStatus.Published
            ? $"已将修订 #{revision.Id} 恢复为待审核版本。"
            : $"已恢复修订 #{revision.Id}。");
        return RedirectToAction(nameof(Show), new { id });
    }

    private Task<Article?> LoadAsync(int id, CancellationToken cancellationToken) =>
        db.Articles.VisibleTo(Viewer)
            .Include(a => a.Channel)
            .Include(a => a.PendingRevision)
            .Include(a => a.CoverImage)
            .Include(a => a.Attachments).ThenInclude(x => x.MediaFile)
            .AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == id, cancellationToken);

    private static ReviewRules.ArticleFacts Facts(Article article) =>
        new(article.CreatedById, article.SubmittedById, article.IsSample, article.Status, article.SubmittedAt);

    /// <summary>The article with this round's approvals if the signed-in reviewer may decide its next level; otherwise the refusal to return.</summary>
    private async Task<(Article? Article, List<ReviewRecord> Approvals, IActionResult? Refusal)> ReviewableAsync(int id, CancellationToken cancellationToken)
    {
        var article = await LoadAsync(id, cancellationToken);
        if (article is null)
        {
            return (null, [], NotFound());
        }

        var approvals = await RoundApprovalsAsync(article, cancellationToken);
        return ReviewRules.WhyCannotReview(Viewer, Facts(article), approvals) is { } why
            ? (null, approvals, await RefuseAsync(id, why, cancellationToken))
            : (article, approvals, null);
    }

    private Task<List<ReviewRecord>> RoundApprovalsAsync(Article article, CancellationToken cancellationToken) =>
        db.ReviewRecords.AsNoTracking()
            .Where(r => r.ArticleId == article.Id && r.Decision == ReviewDecision.Approved && article.SubmittedAt != null && r.At >= article.SubmittedAt)
            .ToListAsync(cancellationToken);

    private Task<int?> LatestRevisionIdAsync(int id, CancellationToken cancellationToken) =>
        db.ArticleRevisions.Where(r => r.ArticleId == id).OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The last level approved: the pending text goes live, or the article is published (now or at the chosen time).</summary>
    private void Publish(Article article, DateTime? chosenBeijingTime)
    {
        if (article.PendingRevision is { } pending)
        {
            article.Title = pending.Title;
            article.Summary = pending.Summary;
            article.BodyMarkdown = pending.BodyMarkdown;
            article.PendingRevisionId = null;
            article.PendingRevision = null;
        }
        else
        {
            article.Status = ArticleStatus.Published;
            article.PublishAt = chosenBeijingTime is { } chosen ? ChinaTime.ToUtc(chosen)
                : article.PublishAt > Now ? article.PublishAt
                : Now;
        }

        article.SubmittedAt = null;
        article.SubmittedById = null;
        article.UpdatedAt = Now;
        article.UpdatedById = UserId;
    }

    /// <summary>Every save is a revision. A published article keeps its live text; the new one waits for review.</summary>
    private void ApplyText(Article article, string title, string? summary, string body, string note)
    {
        var revision = new ArticleRevision
        {
            Article = article,
            Title = title,
            Summary = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim(),
            BodyMarkdown = body,
            CreatedAt = Now,
            CreatedById = UserId,
            Note = note,
        };
        db.ArticleRevisions.Add(revision);
        if (article.Status == ArticleStatus.Published)
        {
            article.PendingRevision = revision;
        }
        else
        {
            article.Title = revision.Title;
            article.Summary = revision.Summary;
            article.BodyMarkdown = revision.BodyMarkdown;
        }
    }

    private static void ApplyDetails(Article article, ArticleInput input, SavedUploads saved)
    {
        article.Author = Clean(input.Author);
        article.Source = Clean(input.Source);
        article.Inspection = new InspectionDetails
        {
            Team = Clean(input.InspectionTeam),
            AcceptFrom = input.AcceptFrom,
            AcceptTo = input.AcceptTo,
            Hotline = Clean(input.Hotline),
            PostalBox = Clean(input.PostalBox),
            Email = Clean(input.InspectionEmail),
        };

        if (saved.Cover is { } cover)
        {
            article.CoverImage = cover;
        }
        else if (input.RemoveCoverImage)
        {
            article.CoverImage = null;
            article.CoverImageId = null;
        }

        article.Attachments.RemoveAll(a => input.RemoveAttachmentIds.Contains(a.MediaFileId));
        var order = article.Attachments.Count == 0 ? 0 : article.Attachments.Max(a => a.SortOrder) + 1;
        foreach (var file in saved.Attachments)
        {
            article.Attachments.Add(new ArticleAttachment { MediaFile = file, SortOrder = order++ });
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record SavedUploads(MediaFile? Cover, List<MediaFile> Attachments);

    /// <summary>Stores the form's files. If any is refused, none is kept and the reasons go to the form.</summary>
    private async Task<SavedUploads?> SaveUploadsAsync(ArticleInput input, CancellationToken cancellationToken)
    {
        var saved = new SavedUploads(null, []);
        if (input.NewCoverImage is { Length: > 0 } coverFile)
        {
            var cover = await uploads.SaveAsync(coverFile, UserId, cancellationToken, imagesOnly: true);
            if (cover.File is null)
            {
                ModelState.AddModelError(nameof(input.NewCoverImage), cover.Error!);
            }

            saved = saved with { Cover = cover.File };
        }

        foreach (var file in input.NewAttachments.Where(f => f.Length > 0))
        {
            var attachment = await uploads.SaveAsync(file, UserId, cancellationToken);
            if (attachment.File is null)
            {
                ModelState.AddModelError(nameof(input.NewAttachments), attachment.Error!);
            }
            else
            {
                saved.Attachments.Add(attachment.File);
            }
        }

        if (ModelState.IsValid)
        {
            db.MediaFiles.AddRange(saved.Attachments);
            if (saved.Cover is not null)
            {
                db.MediaFiles.Add(saved.Cover);
            }

            return saved;
        }

        DeleteFiles(saved);
        return null;
    }

    private void DeleteFiles(SavedUploads saved)
    {
        foreach (var file in saved.Attachments.Append(saved.Cover).OfType<MediaFile>())
        {
            storage.Delete(file.StoredName);
        }
    }

    private async Task<ArticleEditModel> EditModelAsync(Article article, ArticleInput input, bool isConflict, CancellationToken cancellationToken) => new()
    {
        Id = article.Id,
        Input = input,
        Channels = await ChannelsAsync(cancellationToken),
        Attachments = article.Attachments.OrderBy(a => a.SortOrder)
            .Select(a => new AttachmentRow(a.MediaFileId, a.MediaFile.OriginalName, a.MediaFile.StoredName, a.MediaFile.Size))
            .ToList(),
        CoverImageName = article.CoverImage?.StoredName,
        Status = article.Status,
        IsPublishedWithPendingRevision = article.Status == ArticleStatus.Published,
        IsConflict = isConflict,
    };

    private Task<List<ChannelOption>> ChannelsAsync(CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new ChannelOption(c.Id, c.Name, c.Slug))
            .ToListAsync(cancellationToken);

    /// <summary>A workflow step that is not allowed: the article page again, with the reason, as a 409.</summary>
    private async Task<IActionResult> RefuseAsync(int id, string reason, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await DetailAsync(id, reason, cancellationToken) is { } view ? view : NotFound();
    }

    private async Task<ViewResult?> DetailAsync(int id, string? error, CancellationToken cancellationToken)
    {
        var viewer = Viewer;
        var article = await db.Articles.AsNoTracking().VisibleTo(viewer)
            .Include(a => a.Channel)
            .Include(a => a.PendingRevision)
            .SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null)
        {
            return null;
        }

        var reviews = await db.ReviewRecords.AsNoTracking()
            .Where(r => r.ArticleId == id)
            .OrderBy(r => r.At)
            .Select(r => new { r.Level, Reviewer = r.Reviewer == null ? null : r.Reviewer.DisplayName ?? r.Reviewer.Email, r.ReviewerId, r.Decision, r.Reason, r.At })
            .ToListAsync(cancellationToken);
        var revisions = await db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == id)
            .OrderByDescending(r => r.Id)
            .Select(r => new RevisionRow(r.Id, r.Title, r.CreatedAt, r.CreatedBy == null ? null : r.CreatedBy.DisplayName ?? r.CreatedBy.Email, r.Note, r.Id == article.PendingRevisionId, false))
            .ToListAsync(cancellationToken);
        var roundApprovals = reviews
            .Where(r => article.SubmittedAt is not null && r.At >= article.SubmittedAt && r.Decision == ReviewDecision.Approved)
            .Select(r => new ReviewRecord { ReviewerId = r.ReviewerId, Level = r.Level })
            .ToList();
        var facts = Facts(article);
        var canEdit = ReviewRules.CanEdit(viewer, facts);
        var text = article.PendingRevision;

        if (error is not null)
        {
            ModelState.AddModelError(string.Empty, error);
        }

        var view = View("Show", new ArticleDetailModel
        {
            Id = article.Id,
            Title = text?.Title ?? article.Title,
            ChannelName = article.Channel.Name,
            ReviewLevels = article.Channel.ReviewLevels,
            Status = article.Status,
            InReview = article.SubmittedAt is not null,
            ApprovedLevels = roundApprovals.Count,
            PreviewHtml = markdown.ToPreviewHtml(text?.BodyMarkdown ?? article.BodyMarkdown),
            PreviewIsPending = text is not null,
            CanEdit = canEdit,
            CanSubmit = canEdit && (article.Status != ArticleStatus.Published || article.PendingRevisionId is not null),
            WhyCannotReview = ReviewRules.WhyCannotReview(viewer, facts, roundApprovals),
            CanPublish = viewer.IsReviewer || viewer.IsAdministrator,
            IsSample = article.IsSample,
            PublishAt = article.PublishAt,
            ExpiresAt = article.ExpiresAt,
            IsPinned = article.IsPinned,
            PinnedUntil = article.PinnedUntil,
            Reviews = reviews.Select(r => new ReviewRow(r.Level, r.Reviewer, r.Decision, r.Reason, r.At)).ToList(),
            Revisions = revisions,
            Version = article.Version,
        });
        if (error is not null)
        {
            view.StatusCode = StatusCodes.Status409Conflict;
        }

        return view;
    }
}
