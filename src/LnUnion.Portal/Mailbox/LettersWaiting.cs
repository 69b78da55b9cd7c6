using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Mailbox;

public sealed record WaitingLetter(int Id, string Subject, DateOnly DueOn, int WorkingDaysLeft, string Why);

public sealed record LettersWaitingModel(IReadOnlyList<WaitingLetter> ForMe, IReadOnlyList<WaitingLetter> NearDeadline);

/// <summary>
/// The dashboard's letters: those waiting for the signed-in person, and every open letter near or past its due date.
/// One query for the letters and one for the calendar, however many there are.
/// </summary>
public sealed class LettersWaiting(PortalDbContext db, WorkingCalendar calendar, TimeProvider clock)
{
    /// <summary>
    /// Waiting for <paramref name="userId"/>: letters handed to them. For a handler also the letters no one in
    /// particular has yet: to accept, to hand on, handed to a department without a handler, answers someone else
    /// wrote (an answer is never reviewed by its author), and approved answers to publish or keep private.
    /// </summary>
    public async Task<LettersWaitingModel> ForAsync(string userId, bool isHandler, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(clock);
        var nearBy = await calendar.AddWorkingDaysAsync(today, LetterDeadlines.NearLimit, cancellationToken);
        var letters = await db.Letters.AsNoTracking()
            .Where(l => !LetterDeadlines.Closed.Contains(l.Status))
            .Where(l => l.DueOn <= nearBy
                || (l.Status == LetterStatus.Assigned && l.HandlerId == userId)
                || (isHandler && (l.Status == LetterStatus.Received
                    || l.Status == LetterStatus.Accepted
                    || (l.Status == LetterStatus.Assigned && l.HandlerId == null)
                    || (l.Status == LetterStatus.Answered && l.AnsweredById != userId)
                    || l.Status == LetterStatus.AnswerApproved)))
            .OrderBy(l => l.DueOn).ThenBy(l => l.Id)
            .Select(l => new { l.Id, l.Subject, l.Status, l.DueOn, l.HandlerId, l.AnsweredById, DepartmentName = l.Department == null ? null : l.Department.Name })
            .ToListAsync(cancellationToken);
        var left = await calendar.WorkingDaysLeftAsync(today, letters.Select(l => l.DueOn).ToList(), cancellationToken);

        var forMe = new List<WaitingLetter>();
        var near = new List<WaitingLetter>();
        foreach (var l in letters)
        {
            string? why = l.Status switch
            {
                LetterStatus.Assigned when l.HandlerId == userId => "转办给我，待答复",
                LetterStatus.Assigned when isHandler && l.HandlerId is null => $"已转办{l.DepartmentName}，未指定办理人，待答复",
                LetterStatus.Received when isHandler => "待受理",
                LetterStatus.Accepted when isHandler => "已受理，待转办",
                LetterStatus.Answered when isHandler && l.AnsweredById != userId => "答复待审核",
                LetterStatus.AnswerApproved when isHandler => "审核通过，待决定是否公开",
                _ => null,
            };
            if (why is not null)
            {
                forMe.Add(new WaitingLetter(l.Id, l.Subject, l.DueOn, left[l.DueOn], why));
            }

            if (l.DueOn <= nearBy)
            {
                near.Add(new WaitingLetter(l.Id, l.Subject, l.DueOn, left[l.DueOn], LetterStatusNames.Of(l.Status)));
            }
        }

        return new LettersWaitingModel(forMe, near);
    }
}
