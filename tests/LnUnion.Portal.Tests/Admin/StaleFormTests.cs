using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>
/// Every admin form that changes a row carries the row's version. Loaded, then posted after someone else changed the
/// row, it must answer 409 with the conflict message and what was typed, and change nothing.
/// </summary>
[Collection(PortalTests.Name)]
public sealed partial class StaleFormTests(PortalApplication app)
{
    private const string Typed = "刚刚输入的内容";

    /// <summary>The admin pages whose forms are checked besides the pages of the table's forms.</summary>
    private static readonly string[] OtherPages =
    [
        "/admin", "/admin/articles", "/admin/articles/new", "/admin/pages", "/admin/channels", "/admin/channels/new",
        "/admin/users", "/admin/users/new", "/admin/settings", "/admin/settings/accounts/new", "/admin/settings/links/new",
        "/admin/media", "/admin/audit", "/admin/account/password", "/admin/calendar", "/admin/checks/sensitive", "/admin/checks/mistakes",
        "/admin/checks/people", "/admin/services", "/admin/services/new", "/admin/letters", "/admin/letters/departments/new", "/admin/letters/types/new",
    ];

    /// <summary>
    /// Forms that change no row someone else may be editing: they create one, sign out, act on the signed-in person's
    /// own account, or upload and delete media files, which are never edited.
    /// </summary>
    private static readonly HashSet<string> NotRowChanges = new(StringComparer.Ordinal)
    {
        "/admin/logout", "/admin/articles/new", "/admin/channels/new", "/admin/users/new", "/admin/settings/accounts/new",
        "/admin/settings/links/new", "/admin/media", "/admin/media/{id}/delete", "/admin/account/password", "/admin/account/two-factor",
        "/admin/calendar/days/new", "/admin/services/new",
        "/admin/checks/sensitive/new", "/admin/checks/mistakes/new", "/admin/checks/people/new",
        "/admin/checks/sensitive/import", "/admin/checks/mistakes/import", "/admin/checks/people/import",
        "/admin/letters/departments/new", "/admin/letters/types/new",
    };

    /// <summary>A day of a year no other test uses, for the holiday calendar's forms.</summary>
    private static readonly DateOnly CalendarDate = new(2033, 1, 3);

    /// <summary><paramref name="Ticked"/>: a box the form needs ticked to get as far as saving (the last review level's 保密审查).</summary>
    private sealed record StaleForm(string Page, string Action, string? TypedField, Func<PortalDbContext, Task> ChangeBehind, Func<PortalDbContext, Task<string>> Row, bool Multipart = false, string? Ticked = null);

    [Fact]
    public async Task EveryFormThatChangesARowRefusesAStaleVersionKeepsWhatWasTypedAndChangesNothing()
    {
        using var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var added = await AddRowsAsync(admin.UserId);
        try
        {
            var forms = Table(added);
            foreach (var form in forms)
            {
                var fields = StaffBrowser.ReadForm(await admin.GetPageAsync(form.Page), form.Action);
                Assert.True(
                    fields.Any(f => f.Name is "Version" or "Input.Version" && f.Value.Length > 0 && f.Value != Guid.Empty.ToString()),
                    $"The form posting to {form.Action} carries no version.");
                if (form.TypedField is { } typed)
                {
                    fields[typed] = Typed;
                }

                if (form.Ticked is { } ticked)
                {
                    fields[ticked] = "true";
                }

                await app.WithDbAsync(form.ChangeBehind);
                var before = await app.WithDbAsync(form.Row);
                using var response = form.Multipart ? await admin.PostMultipartAsync(form.Action, fields) : await admin.PostAsync(form.Action, fields);
                var html = await response.Content.ReadAsStringAsync();

                Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"POST {form.Action} from a stale form answered {(int)response.StatusCode}.");
                Assert.True(StaffBrowser.Errors(html).Contains(ContentChanges.ConflictMessage), $"POST {form.Action} did not give the conflict message.");
                Assert.True(form.TypedField is null || html.Contains(Typed, StringComparison.Ordinal), $"POST {form.Action} lost what was typed.");
                Assert.Equal(before, await app.WithDbAsync(form.Row));
            }

            // A form added later without a version fails here until it is in the table (or shown to change no row).
            var covered = forms.Select(f => Pattern(f.Action)).ToHashSet(StringComparer.Ordinal);
            foreach (var page in forms.Select(f => f.Page).Concat(OtherPages).Distinct())
            {
                foreach (var action in PostActions(await admin.GetPageAsync(page)))
                {
                    Assert.True(
                        covered.Contains(Pattern(action)) || NotRowChanges.Contains(Pattern(action)),
                        $"The form posting to {action} on {page} is not in the table of forms that must carry a version.");
                }
            }
        }
        finally
        {
            await RemoveAsync(added);
        }
    }

    private sealed record Rows(
        string Channel, int Draft, int DraftRevision, int InReview, int SubmittedByMe, int Published, int EmptyChannel, int Page, int PageRevision,
        int FirstAccount, int SecondAccount, int FirstLink, int SecondLink, string User, string LockedUser, int WithIdNumber, int Term,
        int FirstService, int SecondService, LetterRows Letters);

    /// <summary>A letter in each state that has step forms (转办 again from 转办, so the picker shows its department), and two departments and two types no letter uses.</summary>
    private sealed record LetterRows(int Received, int Assigned, int Answered, int Approved, int FirstDepartment, int SecondDepartment, int FirstType, int SecondType);

    private static List<StaleForm> Table(Rows rows)
    {
        var draft = $"/admin/articles/{rows.Draft}";
        var inReview = $"/admin/articles/{rows.InReview}";
        var submittedByMe = $"/admin/articles/{rows.SubmittedByMe}";
        var published = $"/admin/articles/{rows.Published}";
        var page = $"/admin/pages/{rows.Page}";
        var user = $"/admin/users/{rows.User}";
        return
        [
            new($"{draft}/edit", $"{draft}/edit", "Input.Title", Touch<Article>(rows.Draft), ArticleRow(rows.Draft), Multipart: true),
            new(draft, $"{draft}/submit", null, Touch<Article>(rows.Draft), ArticleRow(rows.Draft)),
            new(draft, $"{draft}/revisions/{rows.DraftRevision}/restore", null, Touch<Article>(rows.Draft), ArticleRow(rows.Draft)),
            new(inReview, $"{inReview}/approve", "Reason", Touch<Article>(rows.InReview), ArticleRow(rows.InReview), Ticked: "SecrecyConfirmed"),
            new(inReview, $"{inReview}/reject", "Reason", Touch<Article>(rows.InReview), ArticleRow(rows.InReview)),
            new(submittedByMe, $"{submittedByMe}/withdraw-submission", null, Touch<Article>(rows.SubmittedByMe), ArticleRow(rows.SubmittedByMe)),
            new(published, $"{published}/publishing", null, Touch<Article>(rows.Published), ArticleRow(rows.Published)),
            new(published, $"{published}/withdraw", null, Touch<Article>(rows.Published), ArticleRow(rows.Published)),
            new($"/admin/articles/{rows.WithIdNumber}/edit", $"/admin/articles/{rows.WithIdNumber}/mask", null, Touch<Article>(rows.WithIdNumber), ArticleRow(rows.WithIdNumber)),
            new($"/admin/checks/terms/{rows.Term}/edit", $"/admin/checks/terms/{rows.Term}/edit", "Input.Text", Touch<CheckTerm>(rows.Term), Row<CheckTerm>(rows.Term)),
            new("/admin/checks/sensitive", $"/admin/checks/terms/{rows.Term}/delete", null, Touch<CheckTerm>(rows.Term), Row<CheckTerm>(rows.Term)),
            new($"{page}/edit", $"{page}/edit", "Input.Title", Touch<Page>(rows.Page), Row<Page>(rows.Page)),
            new(page, $"{page}/revisions/{rows.PageRevision}/restore", null, Touch<Page>(rows.Page), Row<Page>(rows.Page)),
            new("/admin/settings", "/admin/settings", "Input.OrganisationName", Touch<SiteSettings>(SiteSettings.SingletonId), Row<SiteSettings>(SiteSettings.SingletonId)),
            new($"/admin/settings/accounts/{rows.FirstAccount}/edit", $"/admin/settings/accounts/{rows.FirstAccount}/edit", "Input.Name", Touch<ServiceAccount>(rows.FirstAccount), Row<ServiceAccount>(rows.FirstAccount), Multipart: true),
            new("/admin/settings", $"/admin/settings/accounts/{rows.SecondAccount}/up", null, Touch<ServiceAccount>(rows.SecondAccount), Row<ServiceAccount>(rows.SecondAccount)),
            new("/admin/settings", $"/admin/settings/accounts/{rows.FirstAccount}/down", null, Touch<ServiceAccount>(rows.FirstAccount), Row<ServiceAccount>(rows.FirstAccount)),
            new("/admin/settings", $"/admin/settings/accounts/{rows.FirstAccount}/delete", null, Touch<ServiceAccount>(rows.FirstAccount), Row<ServiceAccount>(rows.FirstAccount)),
            new($"/admin/settings/links/{rows.FirstLink}/edit", $"/admin/settings/links/{rows.FirstLink}/edit", "Input.Name", Touch<FriendlyLink>(rows.FirstLink), Row<FriendlyLink>(rows.FirstLink)),
            new("/admin/settings", $"/admin/settings/links/{rows.SecondLink}/up", null, Touch<FriendlyLink>(rows.SecondLink), Row<FriendlyLink>(rows.SecondLink)),
            new("/admin/settings", $"/admin/settings/links/{rows.FirstLink}/down", null, Touch<FriendlyLink>(rows.FirstLink), Row<FriendlyLink>(rows.FirstLink)),
            new("/admin/settings", $"/admin/settings/links/{rows.FirstLink}/delete", null, Touch<FriendlyLink>(rows.FirstLink), Row<FriendlyLink>(rows.FirstLink)),
            new($"/admin/services/{rows.FirstService}/edit", $"/admin/services/{rows.FirstService}/edit", "Input.Name", Touch<WorkerService>(rows.FirstService), Row<WorkerService>(rows.FirstService)),
            new("/admin/services", $"/admin/services/{rows.SecondService}/up", null, Touch<WorkerService>(rows.SecondService), Row<WorkerService>(rows.SecondService)),
            new("/admin/services", $"/admin/services/{rows.FirstService}/down", null, Touch<WorkerService>(rows.FirstService), Row<WorkerService>(rows.FirstService)),
            new($"/admin/channels/{rows.EmptyChannel}/edit", $"/admin/channels/{rows.EmptyChannel}/edit", "Input.Name", Touch<Channel>(rows.EmptyChannel), Row<Channel>(rows.EmptyChannel)),
            new($"/admin/channels/{rows.EmptyChannel}/edit", $"/admin/channels/{rows.EmptyChannel}/delete", null, Touch<Channel>(rows.EmptyChannel), Row<Channel>(rows.EmptyChannel)),
            new(user, $"{user}/roles", "Input.DisplayName", TouchUser(rows.User), UserRow(rows.User)),
            new(user, $"{user}/lock", null, TouchUser(rows.User), UserRow(rows.User)),
            new(user, $"{user}/password", null, TouchUser(rows.User), UserRow(rows.User)),
            new(user, $"{user}/require-two-factor", null, TouchUser(rows.User), UserRow(rows.User)),
            new(user, $"{user}/reset-two-factor", null, TouchUser(rows.User), UserRow(rows.User)),
            new($"/admin/users/{rows.LockedUser}", $"/admin/users/{rows.LockedUser}/unlock", null, TouchUser(rows.LockedUser), UserRow(rows.LockedUser)),
            new("/admin/calendar/days/2033-01-03/edit", "/admin/calendar/days/2033-01-03/edit", "Input.Name", TouchCalendarDay, CalendarYearRow),
            new("/admin/calendar?year=2033", "/admin/calendar/days/2033-01-03/delete", null, TouchCalendarDay, CalendarYearRow),
            // The import replaces the whole year, so its version is the year's; what is posted must parse to reach the check.
            new("/admin/calendar?year=2033", "/admin/calendar/2033/import", null, TouchCalendarDay, CalendarYearRow),
            .. LetterForms(rows.Letters),
        ];
    }

    private static IEnumerable<StaleForm> LetterForms(LetterRows rows)
    {
        StaleForm Step(int id, string step, string? typed) =>
            new($"/admin/letters/{id}", $"/admin/letters/{id}/{step}", typed, Touch<Letter>(id), LetterRow(id));
        StaleForm Listed<T>(string list, int id, string action, string? typed = null)
            where T : class, IVersioned =>
            new(action == "edit" ? $"{list}/{id}/edit" : list, $"{list}/{id}/{action}", typed, Touch<T>(id), Row<T>(id));
        return
        [
            Step(rows.Received, "accept", null),
            Step(rows.Received, "decline", "reason"),
            Step(rows.Assigned, "assign", "note"),
            Step(rows.Assigned, "answer", "answer"),
            Step(rows.Answered, "approve", null),
            Step(rows.Answered, "sendback", "note"),
            Step(rows.Approved, "publish", null),
            Step(rows.Approved, "keepprivate", null),
            Listed<LetterDepartment>("/admin/letters/departments", rows.FirstDepartment, "edit", "Input.Name"),
            Listed<LetterDepartment>("/admin/letters/departments", rows.FirstDepartment, "down"),
            Listed<LetterDepartment>("/admin/letters/departments", rows.SecondDepartment, "up"),
            Listed<LetterDepartment>("/admin/letters/departments", rows.FirstDepartment, "delete"),
            Listed<LetterType>("/admin/letters/types", rows.FirstType, "edit", "Input.Name"),
            Listed<LetterType>("/admin/letters/types", rows.FirstType, "down"),
            Listed<LetterType>("/admin/letters/types", rows.SecondType, "up"),
            Listed<LetterType>("/admin/letters/types", rows.FirstType, "delete"),
        ];
    }

    private static Func<PortalDbContext, Task<string>> LetterRow(int id) => async db =>
        await Row<Letter>(id)(db) + $" events {await db.Set<LetterEvent>().CountAsync(e => e.LetterId == id)}";

    /// <summary>Someone else saves the row: nothing visible changes, but its version is renewed as on every save.</summary>
    private static Func<PortalDbContext, Task> Touch<T>(int id)
        where T : class, IVersioned => async db =>
    {
        var row = await db.Set<T>().SingleAsync(e => EF.Property<int>(e, "Id") == id);
        db.Entry(row).State = EntityState.Modified;
        await db.SaveChangesAsync();
    };

    private static async Task TouchCalendarDay(PortalDbContext db)
    {
        var day = await db.CalendarDays.SingleAsync(d => d.Date == CalendarDate);
        db.Entry(day).State = EntityState.Modified;
        await db.SaveChangesAsync();
    }

    private static async Task<string> CalendarYearRow(PortalDbContext db) =>
        JsonSerializer.Serialize(await db.CalendarDays.AsNoTracking().InYear(CalendarDate.Year).OrderBy(d => d.Date).ToListAsync());

    private static Func<PortalDbContext, Task> TouchUser(string id) => db =>
        db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.ConcurrencyStamp, Guid.NewGuid().ToString()));

    private static Func<PortalDbContext, Task<string>> Row<T>(int id)
        where T : class => async db => JsonSerializer.Serialize(await db.Set<T>().AsNoTracking().SingleOrDefaultAsync(e => EF.Property<int>(e, "Id") == id));

    private static Func<PortalDbContext, Task<string>> ArticleRow(int id) => async db =>
        await Row<Article>(id)(db)
        + $" reviews {await db.ReviewRecords.CountAsync(r => r.ArticleId == id)} revisions {await db.ArticleRevisions.CountAsync(r => r.ArticleId == id)}";

    private static Func<PortalDbContext, Task<string>> UserRow(string id) => async db =>
        JsonSerializer.Serialize(await db.Users.AsNoTracking().SingleAsync(u => u.Id == id))
        + string.Join(',', await db.UserRoles.Where(r => r.UserId == id).Select(r => r.RoleId).OrderBy(r => r).ToListAsync());

    private async Task<Rows> AddRowsAsync(string signedInUserId)
    {
        var channel = await app.AddChannelAsync($"stale-{Guid.NewGuid():N}"[..30]);
        var emptyChannel = await app.AddChannelAsync($"stale-{Guid.NewGuid():N}"[..30]);
        var user = await app.CreateStaffAsync(Roles.Editor);
        var locked = await app.CreateStaffAsync(Roles.Editor);
        return await app.WithDbAsync(async db =>
        {
            var channelId = await db.Channels.Where(c => c.Slug == channel).Select(c => c.Id).SingleAsync();
            Article NewArticle(ArticleStatus status) => new()
            {
                ChannelId = channelId,
                Title = $"版本检查{status}",
                BodyMarkdown = "正文",
                Status = status,
                PublishAt = status == ArticleStatus.Published ? PortalApplication.LongAgo : null,
                SubmittedAt = status == ArticleStatus.InReview ? app.UtcNow : null,
                CreatedAt = app.UtcNow,
                UpdatedAt = app.UtcNow,
            };
            var draft = NewArticle(ArticleStatus.Draft);
            var earlier = new ArticleRevision { Article = draft, Title = draft.Title, BodyMarkdown = "第一版", CreatedAt = app.UtcNow };
            var inReview = NewArticle(ArticleStatus.InReview);
            var submittedByMe = NewArticle(ArticleStatus.InReview);
            submittedByMe.SubmittedById = signedInUserId;
            var published = NewArticle(ArticleStatus.Published);
            var withIdNumber = NewArticle(ArticleStatus.Draft);
            withIdNumber.BodyMarkdown = "联系人身份证号 11010519491231002X";
            var term = new CheckTerm { Kind = CheckTermKind.Sensitive, Text = $"版本检查{Guid.NewGuid():N}"[..12], CreatedAt = app.UtcNow };
            db.Add(term);
            db.ArticleRevisions.AddRange(
                earlier,
                new ArticleRevision { Article = draft, Title = draft.Title, BodyMarkdown = draft.BodyMarkdown, CreatedAt = app.UtcNow },
                new ArticleRevision { Article = inReview, Title = inReview.Title, BodyMarkdown = inReview.BodyMarkdown, CreatedAt = app.UtcNow });
            db.Articles.AddRange(draft, inReview, submittedByMe, published, withIdNumber);

            var page = new Page { Slug = $"test-{Guid.NewGuid():N}", Title = "版本检查页面", BodyMarkdown = "第二版", UpdatedAt = app.UtcNow };
            var pageRevision = new PageRevision { Page = page, Title = page.Title, BodyMarkdown = "第一版", CreatedAt = app.UtcNow };
            db.PageRevisions.AddRange(pageRevision, new PageRevision { Page = page, Title = page.Title, BodyMarkdown = page.BodyMarkdown, CreatedAt = app.UtcNow });

            ServiceAccount Account(int order) => new() { Name = $"版本检查服务号{order}", Link = "https://example.cn/", SortOrder = 1000 + order };
            FriendlyLink Link(int order) => new() { Name = $"版本检查链接{order}", Url = "https://example.cn/", SortOrder = 1000 + order };
            var (firstAccount, secondAccount, firstLink, secondLink) = (Account(1), Account(2), Link(1), Link(2));
            db.AddRange(firstAccount, secondAccount, firstLink, secondLink);
            db.CalendarDays.Add(new CalendarDay { Date = CalendarDate, IsWorkingDay = false, Name = "版本检查假日" });
            var letters = await AddLettersAsync(db, user.Id);

            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.TwoFactorEnabled, true));
            await db.Users.Where(u => u.Id == locked.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.MaxValue));
            await db.SaveChangesAsync();
            var services = await db.WorkerServices.OrderBy(s => s.SortOrder).ThenBy(s => s.Id).Select(s => s.Id).Take(2).ToListAsync();
            return new Rows(
                channel, draft.Id, earlier.Id, inReview.Id, submittedByMe.Id, published.Id,
                await db.Channels.Where(c => c.Slug == emptyChannel).Select(c => c.Id).SingleAsync(),
                page.Id, pageRevision.Id, firstAccount.Id, secondAccount.Id, firstLink.Id, secondLink.Id, user.Id, locked.Id, withIdNumber.Id, term.Id,
                // The seeded entries: staff never delete one, and the test only renews their versions.
                services[0], services[1], letters());
        });
    }

    /// <summary>Adds the letter rows; the returned call gives their ids once they are saved.</summary>
    private async Task<Func<LetterRows>> AddLettersAsync(PortalDbContext db, string otherHandlerId)
    {
        var type = await db.LetterTypes.OrderBy(t => t.SortOrder).Select(t => t.Id).FirstAsync();
        Letter NewLetter(LetterStatus status) => new()
        {
            TypeId = type, Subject = $"版本检查来信{status}", Body = "来信内容", QueryCodeHash = Guid.NewGuid().ToString("N"), SubmissionKey = Guid.NewGuid(),
            Status = status, ReceivedAt = app.UtcNow, DueOn = app.Today.AddDays(20), MayPublish = true,
            Answer = status is LetterStatus.Answered or LetterStatus.AnswerApproved ? "答复" : null,
            AnsweredById = status is LetterStatus.Answered or LetterStatus.AnswerApproved ? otherHandlerId : null,
        };
        LetterDepartment Department(int order) => new() { Name = $"版本检查部门{Guid.NewGuid():N}"[..16], SortOrder = 1000 + order };
        LetterType Type(int order) => new() { Name = $"版本检查类型{Guid.NewGuid():N}"[..16], DeadlineWorkingDays = 5, SortOrder = 1000 + order };
        var (firstDepartment, secondDepartment, firstType, secondType) = (Department(1), Department(2), Type(1), Type(2));
        var letters = new[] { LetterStatus.Received, LetterStatus.Assigned, LetterStatus.Answered, LetterStatus.AnswerApproved }.Select(NewLetter).ToList();
        letters[1].Department = secondDepartment;
        db.Letters.AddRange(letters);
        db.AddRange(firstDepartment, secondDepartment, firstType, secondType);
        return () => new LetterRows(letters[0].Id, letters[1].Id, letters[2].Id, letters[3].Id, firstDepartment.Id, secondDepartment.Id, firstType.Id, secondType.Id);
    }

    private async Task RemoveAsync(Rows rows)
    {
        await app.WithDbAsync(async db =>
        {
            await db.Articles.Where(a => a.Channel.Slug == rows.Channel).ExecuteDeleteAsync();
            await db.Channels.Where(c => c.Slug == rows.Channel || c.Id == rows.EmptyChannel).ExecuteDeleteAsync();
            await db.Pages.Where(p => p.Id == rows.Page).ExecuteDeleteAsync();
            await db.ServiceAccounts.Where(a => a.Id == rows.FirstAccount || a.Id == rows.SecondAccount).ExecuteDeleteAsync();
            await db.FriendlyLinks.Where(l => l.Id == rows.FirstLink || l.Id == rows.SecondLink).ExecuteDeleteAsync();
            await db.CalendarDays.InYear(CalendarDate.Year).ExecuteDeleteAsync();
            await db.Set<CheckTerm>().Where(t => t.Id == rows.Term).ExecuteDeleteAsync();
            var letters = new[] { rows.Letters.Received, rows.Letters.Assigned, rows.Letters.Answered, rows.Letters.Approved };
            await db.Set<LetterEvent>().Where(e => letters.Contains(e.LetterId)).ExecuteDeleteAsync();
            await db.Letters.Where(l => letters.Contains(l.Id)).ExecuteDeleteAsync();
            await db.LetterDepartments.Where(d => d.Id == rows.Letters.FirstDepartment || d.Id == rows.Letters.SecondDepartment).ExecuteDeleteAsync();
            await db.LetterTypes.Where(t => t.Id == rows.Letters.FirstType || t.Id == rows.Letters.SecondType).ExecuteDeleteAsync();
        });
        await app.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
    }

    /// <summary>Where the page's forms post: each form's action and each button's own formaction.</summary>
    private static IEnumerable<string> PostActions(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var form in document.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)))
        {
            if (form.GetAttribute("action") is { } action)
            {
                yield return action;
            }

            foreach (var button in form.QuerySelectorAll("button[formaction]"))
            {
                yield return button.GetAttribute("formaction")!;
            }
        }
    }

    /// <summary>The address with its ids replaced, so that one form on many rows is one entry.</summary>
    private static string Pattern(string action) => Ids().Replace(action, "{id}");

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9]+")]
    private static partial Regex Ids();
}
