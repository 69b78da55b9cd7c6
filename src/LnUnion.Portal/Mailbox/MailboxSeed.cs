using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// The letter types a new or upgraded database starts with. Run on every start but only while the list is empty:
/// staff retire types rather than delete them, so an emptied list never comes back by itself.
/// </summary>
public static class MailboxSeed
{
    /// <summary>Working days to answer: 5 for a question (咨询), 15 for the rest, as the issue of the mailbox set.</summary>
    public static async Task SeedAsync(PortalDbContext db, CancellationToken cancellationToken = default)
    {
        if (await db.LetterTypes.AnyAsync(cancellationToken))
        {
            return;
        }

        db.LetterTypes.AddRange(
            new LetterType { Name = "咨询", Description = "政策、法律、入会等问题的咨询", DeadlineWorkingDays = 5, SortOrder = 1 },
            new LetterType { Name = "投诉/维权", Description = "欠薪、劳动合同、工伤等权益受损的投诉与维权求助", DeadlineWorkingDays = 15, SortOrder = 2 },
            new LetterType { Name = "建议", Description = "对工会工作的意见和建议", DeadlineWorkingDays = 15, SortOrder = 3 },
            new LetterType { Name = "主席信箱", Description = "写给省总工会主席的信", DeadlineWorkingDays = 15, SortOrder = 4 });
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The Chinese name of each state, for the writer's query page, the public list and the admin area.</summary>
public static class LetterStatusNames
{
    public static string Of(LetterStatus status) => status switch
    {
        LetterStatus.Received => "待受理",
        LetterStatus.Accepted => "已受理",
        LetterStatus.Assigned => "转办",
        LetterStatus.Answered => "已答复（待审核）",
        LetterStatus.AnswerApproved => "审核通过",
        LetterStatus.Published => "已公开",
        LetterStatus.NotPublished => "不公开",
        LetterStatus.Declined => "不予受理",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
