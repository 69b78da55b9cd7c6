using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using LnUnion.Portal.Search;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// The public face of answered letters: which exchanges the public sees (<see cref="VisibleToPublic"/>, the one rule),
/// what of them it sees (<see cref="Exchange"/>: no writer's data, numbers masked), and the one call the handling side
/// makes whenever a letter's public state may have changed (<see cref="ChangedAsync"/>).
/// </summary>
public sealed class MailboxPublication(IOutputCacheStore store, SearchIndex search)
{
    /// <summary>The list at /mailbox/replies, every page of it.</summary>
    public const string RepliesTag = "mailbox-replies";

    public static string ReplyTag(int letterId) => $"letter:{letterId}";

    /// <summary>
    /// A letter was published, withdrawn, its answer edited or its personal data erased: brings search up to date and
    /// evicts its page, the list, the sitemap and the search pages. Call it after the change has committed.
    /// </summary>
    public async Task ChangedAsync(int letterId, CancellationToken cancellationToken = default)
    {
        await search.LetterChangedAsync(letterId, cancellationToken);
        foreach (var tag in new[] { ReplyTag(letterId), RepliesTag, PublicCache.Sitemap, PublicCache.Search })
        {
            await store.EvictByTagAsync(tag, cancellationToken);
        }
    }

    /// <summary>Published, with the writer's agreement and an answer: a letter handlers publish without one never shows.</summary>
    public static IQueryable<Letter> VisibleToPublic(IQueryable<Letter> letters) =>
        letters.Where(l => l.Status == LetterStatus.Published && l.MayPublish && l.Answer != null && l.PublishedAt != null && l.AnsweredAt != null);

    /// <summary>The public letters, newest published first.</summary>
    public static IQueryable<Letter> Newest(PortalDbContext db) =>
        VisibleToPublic(db.Letters.AsNoTracking()).OrderByDescending(l => l.PublishedAt).ThenByDescending(l => l.Id);

    /// <summary>Only what a published exchange shows: subject, question, answer, dates and the answering department.</summary>
    public static IQueryable<PublishedExchangeRow> Rows(IQueryable<Letter> letters) =>
        letters.Select(l => new PublishedExchangeRow(
            l.Id, l.Type.Name, l.Subject, l.Body, l.Answer!, l.ReceivedAt, l.AnsweredAt!.Value, l.PublishedAt!.Value,
            l.Department == null ? null : l.Department.Name));

    public static PublishedExchange Exchange(PublishedExchangeRow row) =>
        new(row.Id, row.TypeName, PersonalDataMask.Mask(row.Subject), PersonalDataMask.Mask(row.Body), PersonalDataMask.Mask(row.Answer),
            row.ReceivedAt, row.AnsweredAt, row.DepartmentName);
}

/// <summary>A published letter as read from the database, before masking.</summary>
public sealed record PublishedExchangeRow(
    int Id, string TypeName, string Subject, string Body, string Answer, DateTime ReceivedAt, DateTime AnsweredAt, DateTime PublishedAt, string? DepartmentName);
