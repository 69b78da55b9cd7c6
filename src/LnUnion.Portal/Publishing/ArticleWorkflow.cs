using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mail;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Text;
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

/// <summary>An audit entry beyond the request's own: what exactly a reviewer confirmed or chose.</summary>
public sealed record AuditNote(string Action, string Result);

public sealed record StepResult(StepOutcome Outcome, string? Message = null)
{
    public IReadOnlyList<AuditNote> Notes { get; init; } = [];

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
    ArticleKind Kind,
    PublicityDetails Publicity,
    MediaFile? NewCover,
    bool RemoveCover,
    IReadOnlyCollection<int> RemoveAttachmentIds,
    IReadOnlyList<MediaFile> NewAttachments);

/// <summary>The publishing settings a reviewer chooses, in Beijing time; the reason is for a back-dated publish time.</summary>
/// <summary>The publishing form's choices; <see cref="ShowInFocus"/> null keeps the article's 焦点图 mark as it is.</summary>
public sealed record PublishingChoice(DateTime? PublishAt, DateTime? ExpiresAt, bool IsPinned, DateTime? PinnedUntil, string? BackdatedReason = null, bool? ShowInFocus = null);

/// <summary>A reviewer's reason why one serious finding may stand, naming the finding as the review form showed it.</summary>
public sealed record ConfirmedFinding(string Kind, string Place, string Found, string? Reason);

/// <summary>
/// What a reviewer gives with an approval: an opinion, the publish time (Beijing, last level only), a reason for each
/// serious finding, the 保密审查 confirmation (last level) and, for an administrator back-dating, why.
/// </summary>
public sealed record Approval(
    string? Reason,
    DateTime? PublishAt,
    IReadOnlyList<ConfirmedFinding> Confirmations,
    bool SecrecyConfirmed,
    string? BackdatedReason);

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
public sealed class ArticleWorkflow(PortalDbContext db, ContentChanges changes, ReviewMail mail, ArticleChecks checks, TimeProvider clock)
{
    private static readonly StepResult MayNotChange = StepResult.Refused("您不能修改这篇文章，或它正在审核中。");

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The article with what the editor and the steps need, tracked, if <paramref name="viewer"/> may see it.</summary>
    public Task<Article?> FindAsync(ReviewRules.Viewer viewer, int id, CancellationToken cancellationToken) =>
        WithDetails(db.Articles.VisibleTo(viewer)).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);

    /// <summary>Articles with what their admin pages and the steps show: channel, cover, attachments and the pending revision's.</summary>
    public static IQueryable<Article> WithDetails(IQueryable<Article> articles) =>
        articles
            .Include(a => a.Channel)
            .Include(a => a.PendingRevision).ThenInclude(r => r!.CoverImage)
            .Include(a => a.PendingRevision).ThenInclude(r => r!.Attachments).ThenInclude(x => x.MediaFile)
            .Include(a => a.CoverImage)
            .Include(a => a.Attachments).ThenInclude(x => x.MediaFile)
            .AsSplitQuery();

    public static ReviewRules.ArticleFacts Facts(Article article) =>
        new(article.CreatedById, article.SubmittedById, article.IsSample, article.Status, article.SubmittedAt);

    /// <summary>A new draft; returns its id. <paramref name="creationKey"/> is its form's key, which a second post of the form finds.</summary>
    public async Task<int> CreateAsync(ReviewRules.Viewer viewer, ArticleDraft draft, Guid? creationKey, CancellationToken cancellationToken)
    {
        var article = new Article
        {
            CreationKey = creationKey,
            ChannelId = draft.ChannelId,
            Title = draft.Title,
            BodyMarkdown = draft.BodyMarkdown,
            Status = ArticleStatus.Draft,
            CreatedAt = Now,
            CreatedById = viewer.UserId,
        };
        Touch(article, viewer);
        SetDetails(article, draft);
        Propose(article, viewer, draft, "新建");
        db.Articles.Add(article);
        await changes.SaveAsync(cancellationToken);
        return article.Id;
    }

    /// <summary>
    /// Saves the editor's form. A live article keeps what the public sees — text, author, source, cover and
    /// attachments — until the change is approved; its channel and inspection details change at once, so both the
    /// old and the new channel's pages are evicted.
    /// </summary>
    public async Task<StepResult> SaveAsync(ReviewRules.Viewer viewer, int id, Guid version, ArticleDraft draft, CancellationToken cancellationToken)
    {
        var (article, refusal) = await EditableAsync(viewer, id, StepResult.Forbidden, cancellationToken);
        if (article is null)
        {
            return refusal!;
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
        SetDetails(article, draft);
        Propose(article, viewer, draft, "修改");
        article.IsSample = false;
        Touch(article, viewer);
        return await CommitAsync(article, version, wasLive ? "修改已保存为待审核版本；审核通过前，网站上仍显示原来的内容。" : "文章已保存。", cancellationToken);
    }

    public async Task<StepResult> SubmitAsync(ReviewRules.Viewer viewer, int id, Guid version, CancellationToken cancellationToken)
    {
        var (article, refusal) = await EditableAsync(viewer, id, StepResult.Refused("您不能提交这篇文章，或它已在审核中。"), cancellationToken);
        if (article is null)
        {
            return refusal!;
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
        return await ThenAsync(
            await CommitAsync(article, version, $"已提交审核（共 {article.Channel.ReviewLevels} 级）。", cancellationToken),
            () => mail.ReviewWaitingAsync(id));
    }

    /// <summary>Takes the article (or its pending change) out of review and back to its writer; approvals so far lapse with the round.</summary>
    public async Task<StepResult> WithdrawSubmissionAsync(ReviewRules.Viewer viewer, int id, Guid version, CancellationToken cancellationToken)
    {
        var (article, refusal) = await ArticleForAsync(
            viewer, id, a => ReviewRules.CanWithdrawSubmission(viewer, Facts(a)), _ => StepResult.Refused("只有提交人可以撤回审核中的提交。"), cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        if (article.Status == ArticleStatus.InReview)
        {
            article.Status = ArticleStatus.Draft;
        }

        article.SubmittedAt = null;
        article.SubmittedById = null;
        Touch(article, viewer);
        return await CommitAsync(article, version, "已撤回提交，可以继续修改，改好后请重新提交审核。", cancellationToken);
    }

    /// <summary>
    /// Approves the next level; the last one publishes (at the approval's publish time, if given). Refused while a
    /// serious finding of the text has no reason from this reviewer, at the last level without 保密审查, and for a
    /// publish time before now unless an administrator gives a reason.
    /// </summary>
    public async Task<StepResult> ApproveAsync(ReviewRules.Viewer viewer, int id, Guid version, Approval approval, CancellationToken cancellationToken)
    {
        var (article, level, refusal) = await ReviewableAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        var serious = ArticleChecks.NeedingConfirmation(await checks.RunAsync(ArticleChecks.Proposed(article), cancellationToken));
        var confirmed = serious.Select(f => (Finding: f, Reason: ReasonFor(approval, f))).ToList();
        if (confirmed.Where(c => c.Reason is null).Select(c => c.Finding).ToList() is { Count: > 0 } unconfirmed)
        {
            return StepResult.Refused(
                $"以下 {unconfirmed.Count} 处严重问题须逐条填写确认理由后才能通过：{string.Join("；", unconfirmed.Select(f => $"{f.Place}“{f.Found}”"))}。不能说明理由的，请退回修改。");
        }

        var isFinal = level >= article.Channel.ReviewLevels;
        if (isFinal && !approval.SecrecyConfirmed)
        {
            return StepResult.Refused("最后一级审核须勾选“保密审查”确认，才能通过并发布。");
        }

        // A change of a published article keeps its first publication time, so only a new publication chooses one.
        var publishTime = isFinal && article.PendingRevision is null && approval.PublishAt is { } chosen
            ? Backdating.Decide(viewer.IsAdministrator, ChinaTime.ToUtc(chosen), Now, approval.BackdatedReason)
            : null;
        if (publishTime?.Refusal is { } backdated)
        {
            return StepResult.Refused(backdated);
        }

        var record = await RecordAsync(article, viewer, level, ReviewDecision.Approved, approval.Reason, cancellationToken);
        record.SecrecyConfirmed = isFinal;
        record.Confirmations.AddRange(confirmed.Select(c => new FindingConfirmation
        {
            Kind = c.Finding.Kind,
            Place = Truncate(c.Finding.Place, 300),
            Found = Truncate(c.Finding.Found, 300),
            Reason = c.Reason!,
        }));
        var notes = confirmed
            .Select(c => new AuditNote("articles.confirm-finding", $"成功：{ScanReport.KindName(c.Finding.Kind)}，{c.Finding.Place}“{c.Finding.Found}”，理由：{c.Reason}"))
            .ToList();
        Touch(article, viewer);
        if (!isFinal)
        {
            return await ThenAsync(
                (await CommitAsync(article, version, $"第 {level} 级审核已通过，等待第 {level + 1} 级审核。", cancellationToken)) with { Notes = notes },
                () => mail.ReviewWaitingAsync(id));
        }

        notes.Add(new AuditNote("articles.secrecy-review", "成功：已确认保密审查"));
        if (publishTime is { IsBackdated: true } earlier)
        {
            article.BackdatedReason = approval.BackdatedReason!.Trim();
            notes.Add(new AuditNote("articles.backdate", $"成功：发布时间设为 {ChinaTime.DateAndTime(earlier.At)}，理由：{article.BackdatedReason}"));
        }

        var author = Author(article);
        Publish(article, publishTime?.At);
        changes.ArticleChanged(id, article.Channel.Slug);
        return await ThenAsync(
            (await CommitAsync(
                article,
                version,
                article.PublishAt > Now ? $"审核通过，将于 {ChinaTime.FromUtc(article.PublishAt.Value):yyyy-MM-dd HH:mm} 自动发布。" : "审核通过，已发布。",
                cancellationToken)) with { Notes = notes },
            () => mail.ApprovedAsync(id, author));
    }

    /// <summary>The reviewer's reason for <paramref name="finding"/>, trimmed, or null if they gave none.</summary>
    private static string? ReasonFor(Approval approval, Finding finding) =>
        approval.Confirmations
            .Where(c => c.Kind == finding.Kind && c.Place == finding.Place && c.Found == finding.Found && !string.IsNullOrWhiteSpace(c.Reason))
            .Select(c => Truncate(c.Reason!.Trim(), FindingConfirmation.MaxReasonLength))
            .FirstOrDefault();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>Sends the article (or its pending change) back to its author, with the reason.</summary>
    public async Task<StepResult> RejectAsync(ReviewRules.Viewer viewer, int id, Guid version, string reason, CancellationToken cancellationToken)
    {
        var (article, level, refusal) = await ReviewableAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        await RecordAsync(article, viewer, level, ReviewDecision.Rejected, reason, cancellationToken);
        var author = Author(article);
        if (article.Status == ArticleStatus.InReview)
        {
            article.Status = ArticleStatus.Rejected;
        }

        article.SubmittedAt = null;
        article.SubmittedById = null;
        Touch(article, viewer);
        return await ThenAsync(
            await CommitAsync(article, version, "已退回，作者可以修改后重新提交。", cancellationToken),
            () => mail.RejectedAsync(id, author, reason));
    }

    public async Task<StepResult> WithdrawAsync(ReviewRules.Viewer viewer, int id, Guid version, CancellationToken cancellationToken)
    {
        var (article, refusal) = await ArticleForAsync(
            viewer, id, a => a.Status == ArticleStatus.Published, _ => StepResult.Refused("只有已发布的文章可以撤回。"), cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        article.Status = ArticleStatus.Withdrawn;
        article.SubmittedAt = null;
        article.SubmittedById = null;
        Touch(article, viewer);
        changes.ArticleChanged(id, article.Channel.Slug);
        return await CommitAsync(article, version, "文章已撤回，网站上不再显示。", cancellationToken);
    }

    /// <summary>
    /// Schedule, expiry and pin. A publish time left empty keeps the one the article has. A published article's time
    /// may move later (a schedule) but not before the moment it went public, unless an administrator gives a reason;
    /// before publication the time is chosen with the last approval, which applies the same rule.
    /// </summary>
    public async Task<StepResult> SetPublishingAsync(ReviewRules.Viewer viewer, int id, Guid version, PublishingChoice choice, CancellationToken cancellationToken)
    {
        var article = await FindAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return StepResult.NotFound;
        }

        var publishAt = choice.PublishAt is { } p ? ChinaTime.ToUtc(p) : article.PublishAt;
        List<AuditNote> notes = [];
        if (article.Status == ArticleStatus.Published && publishAt is { } chosen && article.PublishAt is { } current)
        {
            // Until a scheduled article's time comes, it goes public when the time is set, so that is the moment.
            var time = Backdating.Decide(viewer.IsAdministrator, chosen, current <= Now ? current : Now, choice.BackdatedReason);
            if (time.Refusal is { } refusal)
            {
                return StepResult.Refused(refusal);
            }

            publishAt = time.At;
            if (time.IsBackdated)
            {
                article.BackdatedReason = choice.BackdatedReason!.Trim();
                notes.Add(new AuditNote("articles.backdate", $"成功：发布时间设为 {ChinaTime.DateAndTime(time.At)}，理由：{article.BackdatedReason}"));
            }
        }

        var expiresAt = choice.ExpiresAt is { } e ? ChinaTime.ToUtc(e) : (DateTime?)null;
        if (expiresAt is not null && publishAt is not null && expiresAt <= publishAt)
        {
            return StepResult.Refused("过期时间必须晚于发布时间。");
        }

        article.PublishAt = publishAt;
        article.ExpiresAt = expiresAt;
        article.IsPinned = choice.IsPinned;
        article.PinnedUntil = choice.IsPinned && choice.PinnedUntil is { } until ? ChinaTime.ToUtc(until) : null;
        if (choice.ShowInFocus is { } focus && focus != article.ShowInFocus)
        {
            // Like the pin, the mark is a reviewer's placement of a text already reviewed, so it takes effect at once;
            // its own audit line says who put what on the home page's image news.
            article.ShowInFocus = focus;
            notes.Add(new AuditNote("articles.focus", focus
                ? article.CoverImageId is null ? "成功：在焦点图中显示（尚无封面图片，暂不显示）" : "成功：在焦点图中显示"
                : "成功：不在焦点图中显示"));
        }

        Touch(article, viewer);
        changes.ArticleChanged(id, article.Channel.Slug);
        return (await CommitAsync(article, version, "发布设置已保存。", cancellationToken)) with { Notes = notes };
    }

    /// <summary>Makes an earlier revision the current text (for a live article: the text waiting for review).</summary>
    public async Task<StepResult> RestoreAsync(ReviewRules.Viewer viewer, int id, Guid version, int revisionId, CancellationToken cancellationToken)
    {
        var revision = await db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == revisionId && r.ArticleId == id, cancellationToken);
        if (revision is null)
        {
            return StepResult.NotFound;
        }

        var (article, refusal) = await EditableAsync(viewer, id, MayNotChange, cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        var current = Proposed(article);
        Propose(article, viewer, current with { Title = revision.Title, Summary = revision.Summary, BodyMarkdown = revision.BodyMarkdown }, $"恢复自修订 #{revision.Id}");
        Touch(article, viewer);
        return await CommitAsync(
            article,
            version,
            article.Status == ArticleStatus.Published ? $"已将修订 #{revision.Id} 恢复为待审核版本。" : $"已恢复修订 #{revision.Id}。",
            cancellationToken);
    }

    /// <summary>
    /// 打码: every personal number in <paramref name="place"/> (标题, 摘要 or 正文) of the text the article will show
    /// whose masked form is <paramref name="masked"/> is replaced by it, saved as a new revision.
    /// </summary>
    public async Task<StepResult> MaskAsync(ReviewRules.Viewer viewer, int id, Guid version, string place, string masked, CancellationToken cancellationToken)
    {
        var (article, refusal) = await EditableAsync(viewer, id, MayNotChange, cancellationToken);
        if (article is null)
        {
            return refusal!;
        }

        var today = ChinaTime.Today(clock);
        var draft = Proposed(article);
        (string Text, int Count) Mask(string? text, string? replacement = null) =>
            text is null ? (string.Empty, 0) : PersonalData.MaskAll(text, masked, today, replacement);
        var (maskedText, count) = place switch
        {
            CheckedText.Title => Mask(draft.Title),
            CheckedText.Summary => Mask(draft.Summary),
            // Escaped, or two masked numbers in one paragraph would pair their asterisks into bold and italics.
            CheckedText.Body => Mask(draft.BodyMarkdown, masked.Replace("*", "\\*", StringComparison.Ordinal)),
            _ => (string.Empty, 0),
        };
        if (count == 0)
        {
            return StepResult.Refused($"{place}中没有找到要打码的号码（{masked}），可能已经改过了。");
        }

        draft = place switch
        {
            CheckedText.Title => draft with { Title = maskedText },
            CheckedText.Summary => draft with { Summary = maskedText },
            _ => draft with { BodyMarkdown = maskedText },
        };
        Propose(article, viewer, draft, $"打码：{masked}");
        Touch(article, viewer);
        return await CommitAsync(article, version, $"已将{place}中的 {count} 处号码打码为 {masked}。", cancellationToken);
    }

    /// <summary>The article, tracked, if <paramref name="viewer"/> may edit it; otherwise not found, or <paramref name="refusal"/>.</summary>
    public Task<(Article? Article, StepResult? Refusal)> EditableAsync(ReviewRules.Viewer viewer, int id, StepResult refusal, CancellationToken cancellationToken) =>
        EditableAsync(viewer, id, _ => refusal, cancellationToken);

    /// <summary>
    /// The article, tracked, if <paramref name="viewer"/> may edit it; otherwise not found, or the refusal
    /// <paramref name="refusal"/> gives for it (the edit form says why by the article's state).
    /// </summary>
    public Task<(Article? Article, StepResult? Refusal)> EditableAsync(ReviewRules.Viewer viewer, int id, Func<Article, StepResult> refusal, CancellationToken cancellationToken) =>
        ArticleForAsync(viewer, id, a => ReviewRules.CanEdit(viewer, Facts(a)), refusal, cancellationToken);

    /// <summary>
    /// The article, tracked, if <paramref name="viewer"/> may see it and the step <paramref name="may"/> be taken on it
    /// now; otherwise how the step ends: not found, or what <paramref name="refusal"/> says of it.
    /// </summary>
    private async Task<(Article? Article, StepResult? Refusal)> ArticleForAsync(
        ReviewRules.Viewer viewer, int id, Func<Article, bool> may, Func<Article, StepResult> refusal, CancellationToken cancellationToken)
    {
        var article = await FindAsync(viewer, id, cancellationToken);
        if (article is null)
        {
            return (null, StepResult.NotFound);
        }

        return may(article) ? (article, null) : (null, refusal(article));
    }

    private async Task<StepResult> CommitAsync(Article article, Guid version, string message, CancellationToken cancellationToken) =>
        await changes.SaveAsync(article, version, cancellationToken) ? StepResult.Done(message) : StepResult.Conflict;

    /// <summary>Once a step is saved, tells whoever it concerns; the notice never changes the step's outcome.</summary>
    private static async Task<StepResult> ThenAsync(StepResult result, Func<Task> notify)
    {
        if (result.Outcome == StepOutcome.Done)
        {
            await notify();
        }

        return result;
    }

    /// <summary>Who hears the decision: the writer, or for a sample nobody wrote, whoever submitted it.</summary>
    private static string? Author(Article article) => article.CreatedById ?? article.SubmittedById;

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

    private async Task<ReviewRecord> RecordAsync(Article article, ReviewRules.Viewer viewer, int level, ReviewDecision decision, string? reason, CancellationToken cancellationToken) =>
        db.ReviewRecords.Add(new ReviewRecord
        {
            ArticleId = article.Id,
            RevisionId = article.PendingRevisionId
                ?? await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken),
            Level = level,
            ReviewerId = viewer.UserId,
            Decision = decision,
            Reason = TextInput.Clean(reason),
            At = Now,
        }).Entity;

    /// <summary>
    /// The last level approved: the pending text goes live, or the article is published (now or at the chosen UTC
    /// time). A change the public had already seen the article without is its 更新时间; one approved before a
    /// scheduled publication is not.
    /// </summary>
    private void Publish(Article article, DateTime? chosenUtc)
    {
        if (article.PendingRevision is { } pending)
        {
            Apply(article, pending);
            article.PendingRevisionId = null;
            article.PendingRevision = null;
            if (article.PublishAt <= Now)
            {
                article.RevisedAt = Now;
            }
        }
        else
        {
            article.Status = ArticleStatus.Published;
            article.PublishAt = chosenUtc ?? (article.PublishAt > Now ? article.PublishAt : Now);
        }

        article.SubmittedAt = null;
        article.SubmittedById = null;
    }

    /// <summary>What the article would show once its pending change (if any) is approved, as a draft with no new uploads.</summary>
    private static ArticleDraft Proposed(Article article)
    {
        var pending = article.Status == ArticleStatus.Published ? article.PendingRevision : null;
        return new ArticleDraft(
            article.ChannelId,
            pending?.Title ?? article.Title,
            pending is null ? article.Summary : pending.Summary,
            pending?.BodyMarkdown ?? article.BodyMarkdown,
            pending is null ? article.Author : pending.Author,
            pending is null ? article.Source : pending.Source,
            article.Inspection,
            article.Kind,
            article.Publicity,
            NewCover: null,
            RemoveCover: false,
            RemoveAttachmentIds: [],
            NewAttachments: []);
    }

    /// <summary>The structured details beside the text (inspection, 公示) are not reviewed: they change at once, as the channel does.</summary>
    private static void SetDetails(Article article, ArticleDraft draft)
    {
        article.Inspection = draft.Inspection;
        article.Kind = draft.Kind;
        article.Publicity = draft.Publicity;
    }

    /// <summary>
    /// Every save is a revision with everything the public will see. A published article keeps its live content and
    /// the revision waits for review; any other article takes it at once.
    /// </summary>
    private void Propose(Article article, ReviewRules.Viewer viewer, ArticleDraft draft, string note)
    {
        // The form changes what is proposed: a live article's pending change if it has one, otherwise the article.
        var pending = article.Status == ArticleStatus.Published ? article.PendingRevision : null;
        var cover = draft.NewCover ?? (draft.RemoveCover ? null : pending is null ? article.CoverImage : pending.CoverImage);
        var attachments = (pending is null
                ? article.Attachments.OrderBy(a => a.SortOrder).Select(a => a.MediaFile)
                : pending.Attachments.OrderBy(a => a.SortOrder).Select(a => a.MediaFile))
            .Where(file => !draft.RemoveAttachmentIds.Contains(file.Id))
            .Concat(draft.NewAttachments)
            .ToList();
        var revision = new ArticleRevision
        {
            Article = article,
            Title = draft.Title,
            Summary = TextInput.Clean(draft.Summary),
            BodyMarkdown = draft.BodyMarkdown,
            Author = draft.Author,
            Source = draft.Source,
            CoverImage = cover,
            CreatedAt = Now,
            CreatedById = viewer.UserId,
            Note = note,
        };
        revision.Attachments.AddRange(attachments.Select((file, order) => new ArticleRevisionAttachment { MediaFile = file, SortOrder = order }));
        db.ArticleRevisions.Add(revision);
        if (article.Status == ArticleStatus.Published)
        {
            article.PendingRevision = revision;
        }
        else
        {
            Apply(article, revision);
        }
    }

    /// <summary>The article takes what <paramref name="revision"/> has (its files tracked as entities).</summary>
    private static void Apply(Article article, ArticleRevision revision)
    {
        article.Title = revision.Title;
        article.Summary = revision.Summary;
        article.BodyMarkdown = revision.BodyMarkdown;
        article.Author = revision.Author;
        article.Source = revision.Source;
        article.CoverImage = revision.CoverImage;
        if (revision.CoverImage is null)
        {
            article.CoverImageId = null;
        }

        var files = revision.Attachments.OrderBy(a => a.SortOrder).Select(a => a.MediaFile).ToList();
        article.Attachments.RemoveAll(a => !files.Contains(a.MediaFile));
        for (var order = 0; order < files.Count; order++)
        {
            if (article.Attachments.Find(a => a.MediaFile == files[order]) is { } kept)
            {
                kept.SortOrder = order;
            }
            else
            {
                article.Attachments.Add(new ArticleAttachment { MediaFile = files[order], SortOrder = order });
            }
        }
    }
}
