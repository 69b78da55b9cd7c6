using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Editing;
using LnUnion.Portal.Media;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Text;
using LnUnion.Portal.Topics;
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
    ArticleWorkflow workflow,
    EditorDrafts drafts,
    ArticleChecks checks,
    AuditLog audit,
    TopicMembership topics,
    TimeProvider clock) : AdminController
{
    private const int PageSize = 30;
    private const long MaxFormBytes = 200L * 1024 * 1024;

    private ReviewRules.Viewer Viewer => new(UserId, User.IsInRole(Roles.Administrator), User.IsInRole(Roles.Reviewer), User.IsInRole(Roles.Editor));

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

        if (filter.FocusOnly)
        {
            query = query.Where(a => a.ShowInFocus);
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
                a.ShowInFocus,
                a.PublishAt,
                a.UpdatedAt,
                a.CreatedBy == null ? null : a.CreatedBy.DisplayName ?? a.CreatedBy.Email))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        rows = rows.Select(r => r with { ScheduledFor = StatusText.ScheduledFor(r.Status, r.PublishAt, now) }).ToList();

        return View(new ArticleListModel(filter, await ChannelsAsync(cancellationToken), rows, PageCount.Of(total, PageSize)));
    }

    /// <summary>
    /// The new-article form, with a creation key of its own. The page's script puts the key in the address
    /// (<c>?key=</c>), so Back after saving comes here with it again and finds the saved article rather than an empty
    /// form that would save a second one.
    /// </summary>
    [HttpGet("new")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> Create(Guid? key, CancellationToken cancellationToken)
    {
        var creationKey = key is { } given && given != Guid.Empty ? given : Guid.NewGuid();
        if (await CreatedWithAsync(creationKey, cancellationToken) is { } id)
        {
            Flash(AlreadySaved);
            return RedirectToAction(nameof(Edit), new { id });
        }

        var unsaved = key is null ? await drafts.LatestUnsavedNewArticleAsync(UserId, cancellationToken) : null;
        return View("Edit", new ArticleEditModel
        {
            Input = new ArticleInput { CreationKey = creationKey },
            Channels = await ChannelsAsync(cancellationToken),
            UnsavedNewArticle = unsaved is { } other ? new UnsavedForm($"/admin/articles/new?key={other.Key:D}", other.SavedAt) : null,
        });
    }

    [HttpPost("new")]
    [Authorize(Policy = Policies.Write)]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
    public async Task<IActionResult> Create(ArticleInput input, CancellationToken cancellationToken)
    {
        if (input.CreationKey is { } key && await CreatedWithAsync(key, cancellationToken) is { } existing)
        {
            Flash(AlreadySaved);
            return RedirectToAction(nameof(Edit), new { id = existing });
        }

        var saved = await CheckedUploadsAsync(input, cancellationToken);
        if (saved is null)
        {
            return View("Edit", new ArticleEditModel { Input = input, Channels = await ChannelsAsync(cancellationToken) });
        }

        int id;
        try
        {
            id = await workflow.CreateAsync(Viewer, Draft(input, saved), input.CreationKey, cancellationToken);
        }
        catch (DbUpdateException) when (input.CreationKey is not null)
        {
            // The same form posted twice at once (a double click): the first post made the article.
            if (await CreatedWithAsync(input.CreationKey.Value, cancellationToken) is not { } first)
            {
                throw;
            }

            DeleteFiles(saved);
            Flash(AlreadySaved);
            return RedirectToAction(nameof(Edit), new { id = first });
        }

        if (input.CreationKey is { } usedKey)
        {
            await drafts.DiscardAsync(UserId, EditorDrafts.KeyOfNewArticle(usedKey), cancellationToken);
        }

        Flash("文章已保存为草稿。写完后请点击“提交审核”。");
        return RedirectToAction(nameof(Show), new { id });
    }

    private const string AlreadySaved = "这篇文章已经保存过，没有重复创建。下面是已保存的内容，可以接着修改。";

    /// <summary>The article this user's new-article form with <paramref name="key"/> made, if it made one.</summary>
    private async Task<int?> CreatedWithAsync(Guid key, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Articles.AsNoTracking()
            .Where(a => a.CreationKey == key && a.CreatedById == UserId)
            .Select(a => (int?)a.Id)
            .SingleOrDefaultAsync(cancellationToken);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken) =>
        await DetailAsync(id, error: null, cancellationToken) is { } view ? view : NotFound();

    [HttpGet("{id:int}/edit")]
    [Authorize(Policy = Policies.Write)]
    public Task<IActionResult> Edit(int id, CancellationToken cancellationToken) => EditPageAsync(id, cancellationToken);

    /// <summary>
    /// Puts the article into a topic's (专题) list from its own edit page. At once and not reviewed, as on the topic's
    /// screen: the topic lists the article only while the public may read it anyway.
    /// </summary>
    [HttpPost("{id:int}/topics")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> AddToTopic(int id, [FromForm] int topicId, CancellationToken cancellationToken)
    {
        if (!await topics.MayFileAsync(Viewer, id, cancellationToken))
        {
            return NotFound();
        }

        var topic = await db.Topics.SingleOrDefaultAsync(t => t.Id == topicId, cancellationToken);
        if (topic is null)
        {
            return await TopicRefusedAsync(id, "请选择要加入的专题（所选专题可能已被删除）。", cancellationToken);
        }

        if (await db.TopicArticles.AnyAsync(x => x.TopicId == topicId && x.ArticleId == id, cancellationToken))
        {
            return await TopicRefusedAsync(id, $"这篇文章已在专题“{topic.Title}”中。", cancellationToken);
        }

        if (!await topics.AddAsync(topic, id, UserId, topic.Version, cancellationToken))
        {
            return await TopicRefusedAsync(id, ContentChanges.ConflictMessage, cancellationToken);
        }

        Flash($"已把这篇文章加入专题“{topic.Title}”，专题页面上已显示（文章发布后）。");
        return RedirectToAction(nameof(Edit), new { id });
    }

    [HttpPost("{id:int}/topics/{topicId:int}/remove")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> RemoveFromTopic(int id, int topicId, CancellationToken cancellationToken)
    {
        var topic = await topics.MayFileAsync(Viewer, id, cancellationToken)
            ? await db.Topics.SingleOrDefaultAsync(t => t.Id == topicId && t.Articles.Any(x => x.ArticleId == id), cancellationToken)
            : null;
        if (topic is null)
        {
            return NotFound();
        }

        if (!await topics.RemoveAsync(topic, id, UserId, topic.Version, cancellationToken))
        {
            return await TopicRefusedAsync(id, ContentChanges.ConflictMessage, cancellationToken);
        }

        Flash($"已把这篇文章移出专题“{topic.Title}”（文章本身不受影响）。");
        return RedirectToAction(nameof(Edit), new { id });
    }

    private async Task<IActionResult> TopicRefusedAsync(int id, string message, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        ModelState.AddModelError(string.Empty, message);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return await EditPageAsync(id, cancellationToken);
    }

    private async Task<IActionResult> EditPageAsync(int id, CancellationToken cancellationToken)
    {
        var (article, refusal) = await workflow.EditableAsync(Viewer, id, NotEditable, cancellationToken);
        if (article is null)
        {
            return await StepAnswerAsync(id, refusal!, inReview =>
            {
                Flash(inReview.Message!);
                return Task.FromResult<IActionResult>(RedirectToAction(nameof(Show), new { id }));
            });
        }

        var text = article.PendingRevision
            ?? new ArticleRevision { Title = article.Title, Summary = article.Summary, BodyMarkdown = article.BodyMarkdown, Author = article.Author, Source = article.Source };
        var input = new ArticleInput
        {
            Version = article.Version,
            ChannelId = article.ChannelId,
            Title = text.Title,
            Summary = text.Summary,
            BodyMarkdown = text.BodyMarkdown,
            Author = text.Author,
            Source = text.Source,
            InspectionTeam = article.Inspection.Team,
            AcceptFrom = article.Inspection.AcceptFrom,
            AcceptTo = article.Inspection.AcceptTo,
            Hotline = article.Inspection.Hotline,
            PostalBox = article.Inspection.PostalBox,
            InspectionEmail = article.Inspection.Email,
            Kind = article.Kind,
            PublicityFrom = article.Publicity.From,
            PublicityTo = article.Publicity.To,
            ObjectionAddress = article.Publicity.ObjectionAddress,
            ObjectionPerson = article.Publicity.ObjectionPerson,
            ObjectionPhone = article.Publicity.ObjectionPhone,
            ObjectionEmail = article.Publicity.ObjectionEmail,
        };
        return View("Edit", await EditModelAsync(article, input, isConflict: false, cancellationToken));
    }

    /// <summary>
    /// Why the edit form does not open: out of review, the article is not the viewer's to change (forbidden); in review,
    /// nobody's until the review ends or the submitter withdraws it, so its page says which of the two the viewer can wait for.
    /// </summary>
    private StepResult NotEditable(Article article) =>
        article.SubmittedAt is null ? StepResult.Forbidden
        : StepResult.Refused(ReviewRules.CanWithdrawSubmission(Viewer, ArticleWorkflow.Facts(article))
            ? "这篇文章正在审核中。如需修改，请先点击“撤回提交”。"
            : "这篇文章正在审核中，审核结束前不能修改。");

    [HttpPost("{id:int}/edit")]
    [Authorize(Policy = Policies.Write)]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
    public async Task<IActionResult> Edit(int id, ArticleInput input, CancellationToken cancellationToken)
    {
        var (article, refusal) = await workflow.EditableAsync(Viewer, id, StepResult.Forbidden, cancellationToken);
        if (article is null)
        {
            return await Answer(id, refusal!);
        }

        var saved = await CheckedUploadsAsync(input, cancellationToken);
        if (saved is null)
        {
            return View(await EditModelAsync(article, input, isConflict: false, cancellationToken));
        }

        var result = await workflow.SaveAsync(Viewer, id, input.Version, Draft(input, saved), cancellationToken);
        if (result.Outcome == StepOutcome.Done)
        {
            await drafts.DiscardAsync(UserId, EditorDrafts.KeyOfArticle(id), cancellationToken);
            if (await FindingsAsync(id, cancellationToken) is { Count: > 0 } findings)
            {
                // Nothing is blocked: the text is saved, and the editor sees what the checks found beside it.
                Flash($"{result.Message}发布前检查发现 {findings.Count} 处问题，见编辑器旁的“发布前检查”。");
                return RedirectToAction(nameof(Edit), new { id });
            }
        }

        if (result.Outcome != StepOutcome.Conflict)
        {
            return await Answer(id, result);
        }

        DeleteFiles(saved);
        var current = await workflow.FindAsync(Viewer, id, cancellationToken);
        if (current is null)
        {
            return NotFound();
        }

        input.Version = current.Version;
        ShowConflict();
        return View(await EditModelAsync(current, input, isConflict: true, cancellationToken));
    }

    /// <summary>Replaces a personal number in the saved text by its masked form, saved as a new revision like any edit.</summary>
    [HttpPost("{id:int}/mask")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> Mask(int id, MaskInput input, CancellationToken cancellationToken)
    {
        var result = ModelState.IsValid
            ? await workflow.MaskAsync(Viewer, id, input.Version, input.Place, input.Masked, cancellationToken)
            : StepResult.Refused("打码的内容有误，请刷新页面后重试。");
        if (result.Outcome != StepOutcome.Done)
        {
            return await Answer(id, result);
        }

        Flash(result.Message!);
        return RedirectToAction(nameof(Edit), new { id });
    }

    /// <summary>The findings of every check on what the public will see of the article once its review passes.</summary>
    private async Task<IReadOnlyList<Finding>> FindingsAsync(int id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var article = await ArticleWorkflow.WithDetails(db.Articles.AsNoTracking()).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return article is null ? [] : await checks.RunAsync(ArticleChecks.Proposed(article), cancellationToken);
    }

    /// <summary>The editor's live preview: the same pipeline as the public page.</summary>
    [HttpPost("preview")]
    [Authorize(Policy = Policies.Articles)]
    [SkipAudit]
    [RequestSizeLimit(4 * 1024 * 1024)]
    public async Task<IActionResult> Preview([FromForm(Name = "markdown")] string? text, CancellationToken cancellationToken) =>
        Content(markdown.ToPreviewHtml(text, await BodyImages.LookUpAsync(db, [text], cancellationToken)), "text/html; charset=utf-8");

    [HttpPost("{id:int}/submit")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> Submit(int id, [FromForm] Guid version, CancellationToken cancellationToken) =>
        await Answer(id, await workflow.SubmitAsync(Viewer, id, version, cancellationToken));

    [HttpPost("{id:int}/withdraw-submission")]
    [Authorize(Policy = Policies.Write)]
    public async Task<IActionResult> WithdrawSubmission(int id, [FromForm] Guid version, CancellationToken cancellationToken) =>
        await Answer(id, await workflow.WithdrawSubmissionAsync(Viewer, id, version, cancellationToken));

    [HttpPost("{id:int}/approve")]
    [Authorize(Policy = Policies.Review)]
    public async Task<IActionResult> Approve(int id, ReviewInput input, CancellationToken cancellationToken) =>
        await Answer(id, ModelState.IsValid
            ? await workflow.ApproveAsync(
                Viewer,
                id,
                input.Version,
                new Approval(
                    input.Reason,
                    input.PublishAt,
                    [.. input.Confirmations.Select(c => new ConfirmedFinding(c.Kind, c.Place, c.Found, c.Reason))],
                    input.SecrecyConfirmed,
                    input.BackdatedReason),
                cancellationToken)
            : StepResult.Refused("审核意见、确认理由或发布时间有误。"), review: input);

    [HttpPost("{id:int}/reject")]
    [Authorize(Policy = Policies.Review)]
    public async Task<IActionResult> Reject(int id, ReviewInput input, CancellationToken cancellationToken) =>
        await Answer(id, ModelState.IsValid && !string.IsNullOrWhiteSpace(input.Reason)
            ? await workflow.RejectAsync(Viewer, id, input.Version, input.Reason, cancellationToken)
            : StepResult.Refused("退回时请填写理由（不超过 500 字），以便作者修改。"), review: input);

    [HttpPost("{id:int}/withdraw")]
    [Authorize(Policy = Policies.Review)]
    public async Task<IActionResult> Withdraw(int id, [FromForm] Guid version, CancellationToken cancellationToken) =>
        await Answer(id, await workflow.WithdrawAsync(Viewer, id, version, cancellationToken));

    [HttpPost("{id:int}/publishing")]
    [Authorize(Policy = Policies.Review)]
    public async Task<IActionResult> Publishing(int id, PublishSettingsInput input, CancellationToken cancellationToken) =>
        await Answer(id, ModelState.IsValid
            ? await workflow.SetPublishingAsync(Viewer, id, input.Version, new PublishingChoice(input.PublishAt, input.ExpiresAt, input.IsPinned, input.PinnedUntil, input.BackdatedReason, input.ShowInFocus), cancellationToken)
            : StepResult.Refused("时间格式不正确。"), publishing: input);

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
    public async Task<IActionResult> Restore(int id, int revisionId, [FromForm] Guid version, CancellationToken cancellationToken) =>
        await Answer(id, await workflow.RestoreAsync(Viewer, id, version, revisionId, cancellationToken));

    private static ArticleDraft Draft(ArticleInput input, SavedUploads saved) => new(
        input.ChannelId,
        input.Title.Trim(),
        input.Summary,
        input.BodyMarkdown,
        TextInput.Clean(input.Author),
        TextInput.Clean(input.Source),
        new InspectionDetails
        {
            Team = TextInput.Clean(input.InspectionTeam),
            AcceptFrom = input.AcceptFrom,
            AcceptTo = input.AcceptTo,
            Hotline = TextInput.Clean(input.Hotline),
            PostalBox = TextInput.Clean(input.PostalBox),
            Email = TextInput.Clean(input.InspectionEmail),
        },
        input.Kind,
        // The form keeps what was typed while another kind is chosen; only a 公示 stores its details.
        input.Kind == ArticleKind.Publicity
            ? new PublicityDetails
            {
                From = input.PublicityFrom,
                To = input.PublicityTo,
                ObjectionAddress = TextInput.Clean(input.ObjectionAddress),
                ObjectionPerson = TextInput.Clean(input.ObjectionPerson),
                ObjectionPhone = TextInput.Clean(input.ObjectionPhone),
                ObjectionEmail = TextInput.Clean(input.ObjectionEmail),
            }
            : new PublicityDetails(),
        saved.Cover,
        input.RemoveCoverImage,
        input.RemoveAttachmentIds,
        saved.Attachments);

    private sealed record SavedUploads(MediaFile? Cover, List<MediaFile> Attachments);

    /// <summary>Checks the channel, then stores the form's files; null, with the reasons on the form, if either is refused.</summary>
    private async Task<SavedUploads?> CheckedUploadsAsync(ArticleInput input, CancellationToken cancellationToken)
    {
        if (!await db.Channels.AnyAsync(c => c.Id == input.ChannelId, cancellationToken))
        {
            ModelState.AddModelError(nameof(input.ChannelId), "请选择栏目。");
        }

        return ModelState.IsValid ? await SaveUploadsAsync(input, cancellationToken) : null;
    }

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
        Attachments = ProposedAttachments(article),
        CoverImageName = (article.PendingRevision is { } pending ? pending.CoverImage : article.CoverImage)?.StoredName,
        Status = article.Status,
        IsPublishedWithPendingRevision = article.Status == ArticleStatus.Published,
        IsConflict = isConflict,
        SavedAt = article.UpdatedAt,
        Rejection = await db.ReviewRecords.AsNoTracking()
            .Where(r => r.ArticleId == article.Id)
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
            .Select(r => new ReviewRow(r.Level, r.Reviewer == null ? null : r.Reviewer.DisplayName ?? r.Reviewer.Email, r.Decision, r.Reason, r.At))
            .FirstOrDefaultAsync(cancellationToken) is { Decision: ReviewDecision.Rejected } last ? last : null,
        Findings = new FindingsModel(article.Id, article.Version, await checks.RunAsync(ArticleChecks.Proposed(article), cancellationToken), CanMask: true),
        Topics = await db.Topics.AsNoTracking()
            .OrderByDescending(t => t.StartsOn).ThenByDescending(t => t.Id)
            .Select(t => new ArticleTopicOption(t.Id, t.Title, t.StartsOn, t.EndsOn, t.Articles.Any(x => x.ArticleId == article.Id)))
            .ToListAsync(cancellationToken),
    };

    /// <summary>The attachments the article will have: those of its pending change, if any.</summary>
    private static List<AttachmentRow> ProposedAttachments(Article article) =>
        (article.PendingRevision is { } pending
            ? pending.Attachments.OrderBy(a => a.SortOrder).Select(a => a.MediaFile)
            : article.Attachments.OrderBy(a => a.SortOrder).Select(a => a.MediaFile))
        .Select(f => new AttachmentRow(f.Id, f.OriginalName, f.StoredName, f.Size))
        .ToList();

    private ArticleView LiveView(Article article, IReadOnlyDictionary<string, StoredImage> images) => new(
        article.Title,
        article.Summary,
        article.Author,
        article.Source,
        article.Channel.Name,
        article.CoverImage?.StoredName,
        article.Attachments.OrderBy(a => a.SortOrder).Select(a => new AttachmentRow(a.MediaFileId, a.MediaFile.OriginalName, a.MediaFile.StoredName, a.MediaFile.Size)).ToList(),
        Notice(article),
        article.BodyMarkdown,
        markdown.ToPreviewHtml(article.BodyMarkdown, images));

    private ArticleView PendingView(Article article, ArticleRevision pending, IReadOnlyDictionary<string, StoredImage> images) => new(
        pending.Title,
        pending.Summary,
        pending.Author,
        pending.Source,
        article.Channel.Name,
        pending.CoverImage?.StoredName,
        ProposedAttachments(article),
        Notice(article),
        pending.BodyMarkdown,
        markdown.ToPreviewHtml(pending.BodyMarkdown, images));

    /// <summary>The box as the public page shows it today; its details are not reviewed, so live and pending share it.</summary>
    private Notices.NoticeBox? Notice(Article article) =>
        Notices.NoticeBox.Of(article.Kind, article.Inspection, article.Publicity, ChinaTime.Today(clock));

    /// <summary>Each field the pending change alters, compared character by character (files by name).</summary>
    private static List<FieldChange> Changes(ArticleView live, ArticleView proposed)
    {
        var changes = new List<FieldChange>();
        void Text(string label, string? older, string? newer)
        {
            if ((older ?? string.Empty) != (newer ?? string.Empty))
            {
                changes.Add(new FieldChange(label, RevisionDiff.Compare(older, newer)));
            }
        }

        static IReadOnlyList<DiffLine> Files(IEnumerable<AttachmentRow> older, IEnumerable<AttachmentRow> newer)
        {
            var (olderIds, newerIds) = (older.Select(a => a.MediaId).ToHashSet(), newer.Select(a => a.MediaId).ToHashSet());
            return older.Where(a => !newerIds.Contains(a.MediaId)).Select(a => DiffLine.Whole(DiffKind.Deleted, a.Name))
                .Concat(newer.Select(a => DiffLine.Whole(olderIds.Contains(a.MediaId) ? DiffKind.Unchanged : DiffKind.Inserted, a.Name)))
                .ToList();
        }

        Text("标题", live.Title, proposed.Title);
        Text("摘要", live.Summary, proposed.Summary);
        Text("作者", live.Author, proposed.Author);
        Text("来源", live.Source, proposed.Source);
        if (live.CoverImageName != proposed.CoverImageName)
        {
            changes.Add(new FieldChange("封面图片", Files(
                live.CoverImageName is null ? [] : [new AttachmentRow(0, "原封面图片", live.CoverImageName, 0)],
                proposed.CoverImageName is null ? [] : [new AttachmentRow(1, "新封面图片", proposed.CoverImageName, 0)])));
        }

        if (!live.Attachments.Select(a => a.MediaId).SequenceEqual(proposed.Attachments.Select(a => a.MediaId)))
        {
            changes.Add(new FieldChange("附件", Files(live.Attachments, proposed.Attachments)));
        }

        Text("正文", live.BodyMarkdown, proposed.BodyMarkdown);
        return changes;
    }

    private Task<List<ChannelOption>> ChannelsAsync(CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new ChannelOption(c.Id, c.Name, c.Slug))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// A step done: its message on the article page. Refused or lost to someone else's change: the article page as it
    /// now is, with the reason, as a 409, and what the user typed still in its form.
    /// </summary>
    private async Task<IActionResult> Answer(int id, StepResult result, ReviewInput? review = null, PublishSettingsInput? publishing = null)
    {
        if (result.Outcome == StepOutcome.Done)
        {
            foreach (var note in result.Notes)
            {
                await audit.WriteAsync(note.Action, $"articles:{id}", note.Result, cancellationToken: HttpContext.RequestAborted);
            }
        }

        return await StepAnswerAsync(id, result, async refused =>
        {
            db.ChangeTracker.Clear();
            return await DetailAsync(id, refused.Message, HttpContext.RequestAborted, review, publishing) is { } view ? view : NotFound();
        });
    }

    private async Task<ViewResult?> DetailAsync(int id, string? error, CancellationToken cancellationToken, ReviewInput? review = null, PublishSettingsInput? publishing = null)
    {
        var viewer = Viewer;
        var article = await ArticleWorkflow.WithDetails(db.Articles.AsNoTracking().VisibleTo(viewer))
            .SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null)
        {
            return null;
        }

        var reviews = await db.ReviewRecords.AsNoTracking()
            .Where(r => r.ArticleId == id)
            .OrderBy(r => r.At)
            .Select(r => new
            {
                r.Level,
                Reviewer = r.Reviewer == null ? null : r.Reviewer.DisplayName ?? r.Reviewer.Email,
                r.ReviewerId,
                r.Decision,
                r.Reason,
                r.At,
                r.SecrecyConfirmed,
                Confirmations = r.Confirmations.OrderBy(c => c.Id).Select(c => new ConfirmationRow(c.Kind, c.Place, c.Found, c.Reason)).ToList(),
            })
            .ToListAsync(cancellationToken);
        var revisions = await db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == id)
            .OrderByDescending(r => r.Id)
            .Select(r => new RevisionRow(r.Id, r.Title, r.CreatedAt, r.CreatedBy == null ? null : r.CreatedBy.DisplayName ?? r.CreatedBy.Email, r.Note, r.Id == article.PendingRevisionId))
            .ToListAsync(cancellationToken);
        var roundApprovals = reviews
            .Where(r => article.SubmittedAt is not null && r.At >= article.SubmittedAt && r.Decision == ReviewDecision.Approved)
            .Select(r => new ReviewRecord { ReviewerId = r.ReviewerId, Level = r.Level })
            .ToList();
        var facts = ArticleWorkflow.Facts(article);
        var canEdit = ReviewRules.CanEdit(viewer, facts);
        // The pictures of both texts, in one query.
        var images = await BodyImages.LookUpAsync(db, [article.BodyMarkdown, article.PendingRevision?.BodyMarkdown], cancellationToken);
        var live = LiveView(article, images);
        var proposed = article.PendingRevision is { } pending ? PendingView(article, pending, images) : null;

        if (error is not null)
        {
            ModelState.AddModelError(string.Empty, error);
        }

        var findings = await checks.RunAsync(ArticleChecks.Proposed(article), cancellationToken);
        var earlier = reviews
            .Where(r => article.SubmittedAt is not null && r.At >= article.SubmittedAt && r.Decision == ReviewDecision.Approved)
            .SelectMany(r => r.Confirmations.Select(c => (c.Kind, c.Place, c.Found, Said: $"第 {r.Level} 级 {r.Reviewer}：{c.Reason}")))
            .ToList();
        var view = View("Show", new ArticleDetailModel
        {
            Id = article.Id,
            Title = proposed?.Title ?? article.Title,
            ChannelName = article.Channel.Name,
            ReviewLevels = article.Channel.ReviewLevels,
            Status = article.Status,
            InReview = article.SubmittedAt is not null,
            ApprovedLevels = roundApprovals.Count,
            Proposed = proposed ?? live,
            Live = proposed is null ? null : live,
            Changes = proposed is null ? [] : Changes(live, proposed),
            CanEdit = canEdit,
            CanSubmit = canEdit && (article.Status != ArticleStatus.Published || article.PendingRevisionId is not null),
            CanWithdrawSubmission = ReviewRules.CanWithdrawSubmission(viewer, facts),
            WhyCannotReview = ReviewRules.WhyCannotReview(viewer, facts, roundApprovals),
            CanPublish = viewer.IsReviewer || viewer.IsAdministrator,
            IsSample = article.IsSample,
            PublishAt = article.PublishAt,
            ScheduledFor = StatusText.ScheduledFor(article.Status, article.PublishAt, clock.GetUtcNow().UtcDateTime),
            ExpiresAt = article.ExpiresAt,
            IsPinned = article.IsPinned,
            PinnedUntil = article.PinnedUntil,
            HasCover = article.CoverImageId is not null,
            Reviews = reviews.Select(r => new ReviewRow(r.Level, r.Reviewer, r.Decision, r.Reason, r.At) { SecrecyConfirmed = r.SecrecyConfirmed, Confirmations = r.Confirmations }).ToList(),
            Revisions = revisions,
            Version = article.Version,
            Findings = new FindingsModel(article.Id, article.Version, findings, canEdit),
            ToConfirm = [.. ArticleChecks.NeedingConfirmation(findings).Select(f => new ConfirmationField(
                f,
                [.. earlier.Where(e => e.Kind == f.Kind && e.Place == f.Place && e.Found == f.Found).Select(e => e.Said)]))],
            CanBackdate = viewer.IsAdministrator,
            BackdatedReason = article.BackdatedReason,
            RevisedAt = article.RevisedAt,
            Review = review ?? new ReviewInput(),
            Publishing = publishing ?? new PublishSettingsInput
            {
                PublishAt = article.PublishAt is { } publishAt ? ChinaTime.FromUtc(publishAt) : null,
                ExpiresAt = article.ExpiresAt is { } expiresAt ? ChinaTime.FromUtc(expiresAt) : null,
                IsPinned = article.IsPinned,
                PinnedUntil = article.PinnedUntil is { } pinnedUntil ? ChinaTime.FromUtc(pinnedUntil) : null,
                ShowInFocus = article.ShowInFocus,
            },
        });
        if (error is not null)
        {
            view.StatusCode = StatusCodes.Status409Conflict;
        }

        return view;
    }
}
