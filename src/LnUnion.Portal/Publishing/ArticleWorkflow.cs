using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Publishing;

/// <summary>How a workflow step ended; the admin controller turns it into a page.</summary>
public enum StepOutcome
{
    Done,
    NotFound,
    Forbidden,

    /// <summary>The rules do not allow the step now; <see cref="StepResult.Message"/> says why.</summary>
    Refused,

    /// <summary>Someone changed the article since the form was loaded; nothing was saved.</summary>
    Conflict,
}

public sealed record StepResult(StepOutcome Outcome, string? Message = null)
{
    public static StepResult NotFound { get; } = new(StepOutcome.NotFound);

    public static StepResult Forbidden { get; } = new(StepOutcome.Forbidden);

    public static StepResult Conflict { get; } = new(StepOutcome.Conflict, ContentChanges.ConflictMessage);

    public static StepResult Done(string message) => new(StepOutcome.Done, message);

    public static StepResult Refused(string reason) => new(StepOutcome.Refused, reason);
}

/// <summary>An editor's text and details of an article, as the edit form gives them, with its uploads already stored.</summary>
public sealed record ArticleDraft(
    int ChannelId,
    string Title,
    string? Summary,
    string BodyMarkdown,
    string? Author,
    string? Source,
    InspectionDetails Inspection,
    MediaFile? NewCover,
    bool RemoveCover,
    IReadOnlyCollection<int> RemoveAttachmentIds,
    IReadOnlyList<MediaFile> NewAttachments);

/// <summary>The publishing settings a reviewer chooses, in Beijing time.</summary>
public sealed record PublishingChoice(DateTime? PublishAt, DateTime? ExpiresAt, bool IsPinned, DateTime? PinnedUntil);

/// <summary>
/// Every change of an article's content or state: save, submit, approve or reject a level, publish (now or at a
/// time), withdraw, publishing settings (schedule, expiry, pin) and restoring a revision. <see cref="ReviewRules"/>
/// decides who may; this class makes the change, notes what the public will see differently in
/// <see cref="ContentChanges"/>, and saves only if the article still has the version the form was loaded with.
/// </summary>
/// <remarks>
/// Every step, approvals included, updates the article row and so renews its version. Two reviewers approving at the
/// same moment therefore cannot both succeed: the second save finds a new version and fails as a whole, review
/// record and all, so a level is never recorded twice.
/// </remarks>
public sealed class ArticleWorkflow(PortalDbContext db, ContentChanges changes, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The article with what the editor and the steps need, tracked, if <paramref name="viewer"/> may see it.</summary>
    public Task<Article?> FindAsync(ReviewRules.Viewer viewer, int id, CancellationToken cancellationToken) =>
        db.Articles.VisibleTo(viewer)
            .Include(a => a.Channel)
            .Include(a => a.PendingRevision)
            .Include(a => a.CoverImage)
            .Include(a => a.Attachments).ThenInclude(x => x.MediaFile)
            .AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == id, cancellationToken);

    public static ReviewRules.ArticleFacts Facts(Article article) =>
        new(article.CreatedById, article.SubmittedById, article.IsSample, article.Status, article.SubmittedAt);

    /// <summary>A new draft; returns its id.</summary>
    public async Task<int> CreateAsync(ReviewRules.Viewer viewer, ArticleDraft draft, CancellationToken cancellationToken)
    {
        var article = new Article
        {
            ChannelId = draft.ChannelId,
            Title = draft.Title,
            BodyMarkdown = draft.BodyMarkdown,
            Status = ArticleStatus.Draft,
            CreatedAt = Now,
            CreatedById = viewer.UserId,
        };
        Touch(article, viewer);
        ApplyDetails(article, draft);
        ApplyText(article, viewer, draft.Title, draft.Summary, draft.BodyMarkdown, "新建");
        db.Articles.Add(article);
        await changes.SaveAsync(cancellationToken);
        return article.Id;
    }

    /// <summary>
    /// Saves the editor's form. A live article keeps its text until the change is approved, but its details and its
    /// channel change at once, so both the old and the new channel's pages are evicted.
    /// </summary>
    public async Task<StepResult> SaveAsync(ReviewRules.Viewer viewer, int id, Guid version, ArticleDraft draft, CancellationToken cancellationToken)
    {
        var article = await FindAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return StepResult.NotFound;
        }

        if (!ReviewRules.CanEdit(viewer, Facts(article)))
        {
            return StepResult.Forbidden;
        }

        var wasLive = article.Status == ArticleStatus.Published;
        if (wasLive)
        {
            changes.ArticleChanged(id, article.Channel.Slug);
            if (draft.ChannelId != article.ChannelId)
            {
                // Read before the move: the tracked Channel still is the old one until the save.
                var newSlug = await db.Channels.Where(c => c.Id == draft.ChannelId).Select(c => c.Slug).SingleAsync(cancellationToken);
                changes.ArticleChanged(id, newSlug);
            }
        }

        article.ChannelId = draft.ChannelId;
        ApplyDetails(article, draft);
        ApplyText(article, viewer, draft.Title, draft.Summary, draft.BodyMarkdown, "修改");
        article.IsSample = false;
        Touch(article, viewer);
        return await CommitAsync(article, version, wasLive ? "修改已保存为待审核版本；审核通过前，网站上仍显示原来的内容。" : "文章已保存。", cancellationToken);
    }

    public async Task<StepResult> SubmitAsync(ReviewRules.Viewer viewer, int id, Guid version, CancellationToken cancellationToken)
    {
        var article = await FindAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return StepResult.NotFound;
        }

        if (!ReviewRules.CanEdit(viewer, Facts(article)))
        {
            return StepResult.Refused("您不能提交这篇文章，或它已在审核中。");
        }

        var isChange = article.Status == ArticleStatus.Published;
        if (isChange && article.PendingRevisionId is null)
        {
            return StepResult.Refused("这篇已发布的文章没有待审核的修改。");
        }

        if (PastedImages.WhyNotSubmittable(article.PendingRevision?.BodyMarkdown ?? article.BodyMarkdown) is { } placeholders)
        {
            return StepResult.Refused(placeholders);
        }

        if (!isChange)
        {
            article.Status = ArticleStatus.InReview;
        }

        article.SubmittedAt = Now;
        article.SubmittedById = viewer.UserId;
        Touch(article, viewer);
        return await CommitAsync(article, version, $"已提交审核（共 {article.Channel.ReviewLevels} 级）。", cancellationToken);
    }

    /// <summary>Approves the next level; the last one publishes (at <paramref name="publishAt"/>, Beijing time, if given).</summary>
    public async Task<StepResult> ApproveAsync(ReviewRules.Viewer viewer, int id, Guid version, string? reason, DateTime? publishAt, CancellationToken cancellationToken)
    {
        var (article, level, refusal) = await ReviewableAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        await RecordAsync(article, viewer, level, ReviewDecision.Approved, reason, cancellationToken);
        Touch(article, viewer);
        var isFinal = level >= article.Channel.ReviewLevels;
        if (!isFinal)
        {
            return await CommitAsync(article, version, $"第 {level} 级审核已通过，等待第 {level + 1} 级审核。", cancellationToken);
        }

        Publish(article, publishAt);
        changes.ArticleChanged(id, article.Channel.Slug);
        return await CommitAsync(
            article,
            version,
            article.PublishAt > Now ? $"审核通过，将于 {ChinaTime.FromUtc(article.PublishAt.Value):yyyy-MM-dd HH:mm} 自动发布。" : "审核通过，已发布。",
            cancellationToken);
    }

    /// <summary>Sends the article (or its pending change) back to its author, with the reason.</summary>
    public async Task<StepResult> RejectAsync(ReviewRules.Viewer viewer, int id, Guid version, string reason, CancellationToken cancellationToken)
    {
        var (article, level, refusal) = await ReviewableAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        await RecordAsync(article, viewer, level, ReviewDecision.Rejected, reason, cancellationToken);
        if (article.Status == ArticleStatus.InReview)
        {
            article.Status = ArticleStatus.Rejected;
        }

        article.SubmittedAt = null;
        article.SubmittedById = null;
        Touch(article, viewer);
        return await CommitAsync(article, version, "已退回，作者可以修改后重新提交。", cancellationToken);
    }

    public async Task<StepResult> WithdrawAsync(ReviewRules.Viewer viewer, int id, Guid version, CancellationToken cancellationToken)
    {
        var article = await FindAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return StepResult.NotFound;
        }

        if (article.Status != ArticleStatus.Published)
        {
            return StepResult.Refused("只有已发布的文章可以撤回。");
        }

        article.Status = ArticleStatus.Withdrawn;
        article.SubmittedAt = null;
        article.SubmittedById = null;
        Touch(article, viewer);
        changes.ArticleChanged(id, article.Channel.Slug);
        return await CommitAsync(article, version, "文章已撤回，网站上不再显示。", cancellationToken);
    }

    /// <summary>Schedule, expiry and pin. A publish time left empty keeps the one the article has.</summary>
    public async Task<StepResult> SetPublishingAsync(ReviewRules.Viewer viewer, int id, Guid version, PublishingChoice choice, CancellationToken cancellationToken)
    {
        var article = await FindAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return StepResult.NotFound;
        }

        var publishAt = choice.PublishAt is { } p ? ChinaTime.ToUtc(p) : article.PublishAt;
        var expiresAt = choice.ExpiresAt is { } e ? ChinaTime.ToUtc(e) : (DateTime?)null;
        if (expiresAt is not null && publishAt is not null && expiresAt <= publishAt)
        {
            return StepResult.Refused("过期时间必须晚于发布时间。");
        }

        article.PublishAt = publishAt;
        article.ExpiresAt = expiresAt;
        article.IsPinned = choice.IsPinned;
        article.PinnedUntil = choice.IsPinned && choice.PinnedUntil is { } until ? ChinaTime.ToUtc(until) : null;
        Touch(article, viewer);
        changes.ArticleChanged(id, article.Channel.Slug);
        return await CommitAsync(article, version, "发布设置已保存。", cancellationToken);
    }

    /// <summary>Makes an earlier revision the current text (for a live article: the text waiting for review).</summary>
    public async Task<StepResult> RestoreAsync(ReviewRules.Viewer viewer, int id, Guid version, int revisionId, CancellationToken cancellationToken)
    {
        var article = await FindAsync(viewer, id, cancellationToken);
        var revision = await db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == revisionId && r.ArticleId == id, cancellationToken);
        if (article is null || revision is null)
        {
            return StepResult.NotFound;
        }

        if (!ReviewRules.CanEdit(viewer, Facts(article)))
        {
            return StepResult.Refused("您不能修改这篇文章，或它正在审核中。");
        }

        ApplyText(article, viewer, revision.Title, revision.Summary, revision.BodyMarkdown, $"恢复自修订 #{revision.Id}");
        Touch(article, viewer);
        return await CommitAsync(
            article,
            version,
            article.Status == ArticleStatus.Published ? $"已将修订 #{revision.Id} 恢复为待审核版本。" : $"已恢复修订 #{revision.Id}。",
            cancellationToken);
    }

    private async Task<StepResult> CommitAsync(Article article, Guid version, string message, CancellationToken cancellationToken) =>
        await changes.SaveAsync(article, version, cancellationToken) ? StepResult.Done(message) : StepResult.Conflict;

    private void Touch(Article article, ReviewRules.Viewer viewer)
    {
        article.UpdatedAt = Now;
        article.UpdatedById = viewer.UserId;
    }

    /// <summary>The article and the level to decide if <paramref name="viewer"/> may decide it; otherwise the refusal.</summary>
    private async Task<(Article? Article, int Level, StepResult? Refusal)> ReviewableAsync(ReviewRules.Viewer viewer, int id, CancellationToken cancellationToken)
    {
        var article = await FindAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return (null, 0, StepResult.NotFound);
        }

        var approvals = await RoundApprovals(db, article.Id, article.SubmittedAt).ToListAsync(cancellationToken);
        return ReviewRules.WhyCannotReview(viewer, Facts(article), approvals) is { } why
            ? (null, 0, StepResult.Refused(why))
            : (article, approvals.Count + 1, null);
    }

    /// <summary>The approvals of the review round that began at <paramref name="submittedAt"/>.</summary>
    private static IQueryable<ReviewRecord> RoundApprovals(PortalDbContext db, int articleId, DateTime? submittedAt) =>
        db.ReviewRecords.AsNoTracking()
            .Where(r => r.ArticleId == articleId && r.Decision == ReviewDecision.Approved && submittedAt != null && r.At >= submittedAt);

    private async Task RecordAsync(Article article, ReviewRules.Viewer viewer, int level, ReviewDecision decision, string? reason, CancellationToken cancellationToken) =>
        db.ReviewRecords.Add(new ReviewRecord
        {
            ArticleId = article.Id,
            RevisionId = article.PendingRevisionId
                ?? await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken),
            Level = level,
            ReviewerId = viewer.UserId,
            Decision = decision,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            At = Now,
        });

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
    }

    /// <summary>Every save is a revision. A published article keeps its live text; the new one waits for review.</summary>
    private void ApplyText(Article article, ReviewRules.Viewer viewer, string title, string? summary, string body, string note)
    {
        var revision = new ArticleRevision
        {
            Article = article,
            Title = title,
            Summary = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim(),
            BodyMarkdown = body,
            CreatedAt = Now,
            CreatedById = viewer.UserId,
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

    private static void ApplyDetails(Article article, ArticleDraft draft)
    {
        article.Author = draft.Author;
        article.Source = draft.Source;
        article.Inspection = draft.Inspection;
        if (draft.NewCover is { } cover)
        {
            article.CoverImage = cover;
        }
        else if (draft.RemoveCover)
        {
            article.CoverImage = null;
            article.CoverImageId = null;
        }

        article.Attachments.RemoveAll(a => draft.RemoveAttachmentIds.Contains(a.MediaFileId));
        var order = article.Attachments.Count == 0 ? 0 : article.Attachments.Max(a => a.SortOrder) + 1;
        foreach (var file in draft.NewAttachments)
        {
            article.Attachments.Add(new ArticleAttachment { MediaFile = file, SortOrder = order++ });
        }
    }
}
