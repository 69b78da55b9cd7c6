using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Media;
using LnUnion.Portal.Models;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Controllers;

/// <summary>
/// The public side of the workers' mailbox (职工信箱): writing a letter, looking it up by its query code, and the
/// published exchanges. The form and the query answer are never cached; the published exchanges are.
/// </summary>
/// <remarks>
/// The posts carry no antiforgery token: its cookie is scoped to /admin so public pages stay cookie-free and cacheable,
/// and a forged cross-site post gains nothing here: nobody is signed in, and a letter needs the sealed ticket of a
/// form opened shortly before, which another site cannot read.
/// </remarks>
[AllowAnonymous]
public sealed class MailboxController(PortalDbContext db, LetterWriting writing, LetterQuery query, MailboxLimits limits, Uploads uploads, IOptions<MailboxOptions> options)
    : Controller
{
    [HttpGetOrHead(PublicAddresses.Mailbox)]
    public async Task<IActionResult> Write([FromQuery] int? type, CancellationToken cancellationToken)
    {
        NoStore();
        // ?type= comes from a 职工服务 entry; the form offers only active types, so any other number chooses nothing.
        return View(await FormAsync(new LetterFormInput { TypeId = type }, writing.NewTicket(), null, filesDropped: false, cancellationToken));
    }

    [HttpPost(PublicAddresses.Mailbox)]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Write(LetterFormInput input, CancellationToken cancellationToken)
    {
        NoStore();
        var result = ModelState.IsValid ? await writing.WriteAsync(input, HttpContext.Connection.RemoteIpAddress, cancellationToken) : null;
        if (result?.Written is { } written)
        {
            return View("Written", written);
        }

        foreach (var (field, error) in result?.FieldErrors ?? new Dictionary<string, string>())
        {
            ModelState.AddModelError(field, error);
        }

        // An expired form gets a new ticket; any other refusal keeps its own, so a second post still makes one letter.
        var ticket = result?.Refusal == LetterWriting.ExpiredForm || LetterFormTicketIsMissing(input) ? writing.NewTicket() : input.Ticket!;
        Response.StatusCode = result?.Status ?? StatusCodes.Status400BadRequest;
        return View(await FormAsync(input, ticket, result?.Refusal, filesDropped: input.Attachments.Count > 0, cancellationToken));
    }

    [HttpGetOrHead(PublicAddresses.MailboxQuery)]
    public IActionResult Query()
    {
        NoStore();
        return View(new LetterQueryModel(null, null, null, null));
    }

    [HttpPost(PublicAddresses.MailboxQuery)]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Query(string? code, string? phone, CancellationToken cancellationToken)
    {
        NoStore();
        if (!limits.TryQuery(HttpContext.Connection.RemoteIpAddress))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return View(new LetterQueryModel(code, phone, null, MailboxLimits.QueryRefused));
        }

        var answer = await query.FindAsync(code, phone, cancellationToken);
        if (answer is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return View(new LetterQueryModel(code, phone, answer, answer is null ? LetterQuery.NotFound : null));
    }

    [HttpGetOrHead(PublicAddresses.MailboxReplies)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [MailboxPublication.RepliesTag], VaryByQueryKeys = ["page"])]
    public async Task<IActionResult> Replies(CancellationToken cancellationToken)
    {
        if (PageNumber.Parse(Request.Query["page"]) is not { } page)
        {
            return NotFound();
        }

        var total = await MailboxPublication.VisibleToPublic(db.Letters).CountAsync(cancellationToken);
        var pageCount = PageCount.Of(total, RepliesModel.PageSize);
        if (page > pageCount)
        {
            return NotFound();
        }

        var rows = await MailboxPublication.Rows(MailboxPublication.Newest(db).Skip((page - 1) * RepliesModel.PageSize).Take(RepliesModel.PageSize))
            .ToListAsync(cancellationToken);
        return View(new RepliesModel([.. rows.Select(MailboxPublication.Exchange)], page, pageCount));
    }

    [HttpGetOrHead(PublicAddresses.Routes.MailboxReply)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [MailboxPublication.RepliesTag])]
    public async Task<IActionResult> Reply(int id, CancellationToken cancellationToken)
    {
        HttpContext.TagOutputCache(MailboxPublication.ReplyTag(id));
        var row = await MailboxPublication.Rows(MailboxPublication.VisibleToPublic(db.Letters.AsNoTracking()).Where(l => l.Id == id))
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? NotFound() : View(new ReplyModel(MailboxPublication.Exchange(row)));
    }

    /// <summary>The monthly summary that inspection rules ask for; cached like the list, so it is at most minutes behind.</summary>
    [HttpGetOrHead(PublicAddresses.MailboxStatistics)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [MailboxPublication.RepliesTag])]
    public async Task<IActionResult> Statistics([FromServices] MailboxStatistics statistics, CancellationToken cancellationToken) =>
        View(new MailboxStatisticsModel(await statistics.RecentAsync(MailboxStatistics.DefaultMonths, cancellationToken)));

    private async Task<LetterFormModel> FormAsync(LetterFormInput input, string ticket, string? refusal, bool filesDropped, CancellationToken cancellationToken) =>
        new(input, await writing.ActiveTypesAsync(cancellationToken), ticket, options.Value.MaxAttachments, uploads.MaxBytes, refusal, filesDropped);

    private static bool LetterFormTicketIsMissing(LetterFormInput input) => string.IsNullOrEmpty(input.Ticket);

    /// <summary>The form carries a one-time ticket and the answers personal data: neither may be kept by a cache.</summary>
    private void NoStore() => Response.Headers.CacheControl = "no-store";
}
