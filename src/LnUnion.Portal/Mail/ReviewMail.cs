using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LnUnion.Portal.Mail;

/// <summary>
/// Tells people by mail that an article waits for them: the reviewers who may decide its next level, and its
/// author once it is decided. Called after the step has been saved; it only puts the messages in the outbox, and a failure
/// here is logged, never passed on to the step.
/// </summary>
public sealed partial class ReviewMail(
    PortalDbContext db,
    MailOutbox outbox,
    IOptions<SmtpOptions> smtp,
    IOptions<SiteOptions> site,
    TimeProvider clock,
    ILogger<ReviewMail> logger)
{
    private const string Footer = "此邮件由网站管理后台自动发送，请勿直接回复。";

    /// <summary>The article was submitted or a level approved: every reviewer who may decide the next level.</summary>
    public Task ReviewWaitingAsync(int articleId) => SafelyAsync(articleId, async () =>
    {
        var article = await ArticleAsync(articleId);
        if (article?.Facts.SubmittedAt is not { } submittedAt)
        {
            return;
        }

        var approvals = await db.ReviewRecords.AsNoTracking()
            .Where(r => r.ArticleId == articleId && r.Decision == ReviewDecision.Approved && r.At >= submittedAt)
            .ToListAsync();
        var level = approvals.Count + 1;
        foreach (var reviewer in await ReviewersAsync())
        {
            if (ReviewRules.WhyCannotReview(new ReviewRules.Viewer(reviewer.Id, false, true, false), article.Facts, approvals) is null)
            {
                Send(
                    reviewer,
                    $"【待审核】{article.Title}",
                    $"""
                    {reviewer.Name}：

                    《{article.Title}》（栏目：{article.Channel}）{(article.IsChange ? "的修改" : "")}等待您进行第 {level} 级审核（共 {article.ReviewLevels} 级）。

                    请登录管理后台审核：
                    {Link(articleId)}

                    {Footer}
                    """);
            }
        }
    });

    /// <summary>The last level approved: the author hears that it is out, or when it will be.</summary>
    public Task ApprovedAsync(int articleId, string? authorId) => SafelyAsync(articleId, async () =>
    {
        if (await ArticleAsync(articleId) is not { } article || await UserAsync(authorId) is not { } author)
        {
            return;
        }

        var when = article.PublishAt > clock.GetUtcNow().UtcDateTime
            ? $"将于 {ChinaTime.DateAndTime(article.PublishAt.Value)} 自动发布"
            : "已在网站上发布";
        Send(
            author,
            $"【已通过审核】{article.Title}",
            $"""
            {author.Name}：

            您的文章《{article.Title}》（栏目：{article.Channel}）已通过全部审核，{when}。

            查看文章：
            {Link(articleId)}

            {Footer}
            """);
    });

    /// <summary>A reviewer sent the article back: the author gets the reason.</summary>
    public Task RejectedAsync(int articleId, string? authorId, string reason) => SafelyAsync(articleId, async () =>
    {
        if (await ArticleAsync(articleId) is not { } article || await UserAsync(authorId) is not { } author)
        {
            return;
        }

        Send(
            author,
            $"【被退回】{article.Title}",
            $"""
            {author.Name}：

            您的文章《{article.Title}》（栏目：{article.Channel}）被审核人员退回，退回意见：

            {reason.Trim()}

            请修改后重新提交审核：
            {Link(articleId)}

            {Footer}
            """);
    });

    private sealed record Recipient(string Id, string Email, string Name);

    private sealed record ArticleFacts(string Title, string Channel, int ReviewLevels, bool IsChange, DateTime? PublishAt, ReviewRules.ArticleFacts Facts);

    private async Task SafelyAsync(int articleId, Func<Task> compose)
    {
        if (!smtp.Value.IsConfigured)
        {
            return;
        }

        try
        {
            await compose();
        }
        catch (Exception exception)
        {
            LogFailed(logger, exception, articleId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not prepare the review mail for article {ArticleId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, int articleId);

    private Task<ArticleFacts?> ArticleAsync(int id) =>
        db.Articles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new ArticleFacts(
                a.PendingRevision == null ? a.Title : a.PendingRevision.Title,
                a.Channel.Name,
                a.Channel.ReviewLevels,
                a.PendingRevisionId != null,
                a.PublishAt,
                new ReviewRules.ArticleFacts(a.CreatedById, a.SubmittedById, a.IsSample, a.Status, a.SubmittedAt)))
            .SingleOrDefaultAsync();

    /// <summary>Reviewers with an address whose account is not locked.</summary>
    private async Task<List<Recipient>> ReviewersAsync()
    {
        var reviewerRole = db.Roles.Where(r => r.Name == Roles.Reviewer).Select(r => r.Id);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && reviewerRole.Contains(ur.RoleId)))
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd })
            .ToListAsync();
        var now = clock.GetUtcNow();
        return users.Where(u => u.LockoutEnd is null || u.LockoutEnd <= now).Select(u => new Recipient(u.Id, u.Email!, u.DisplayName ?? u.Email!)).ToList();
    }

    private async Task<Recipient?> UserAsync(string? id) =>
        id is null ? null : await db.Users.AsNoTracking()
            .Where(u => u.Id == id && u.Email != null)
            .Select(u => new Recipient(u.Id, u.Email!, u.DisplayName ?? u.Email!))
            .SingleOrDefaultAsync();

    /// <summary>The article's page in the admin area, at the site's public address.</summary>
    private string Link(int articleId) => site.Value.Link($"/admin/articles/{articleId}");

    private void Send(Recipient to, string subject, string body) =>
        outbox.Enqueue(smtp.Value.From!, new MailboxAddress(to.Name, to.Email), subject, body);
}
