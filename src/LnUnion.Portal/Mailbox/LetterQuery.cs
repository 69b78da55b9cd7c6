using System.Security.Cryptography;
using System.Text;
using LnUnion.Portal.Data;
using LnUnion.Portal.Security;
using LnUnion.Portal.Site;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Mailbox;

/// <summary>What the writer sees for their code and phone.</summary>
public sealed record LetterQueryAnswer(
    string Subject,
    string TypeName,
    DateTime ReceivedAt,
    DateOnly DueOn,
    string StatusName,
    string? Answer,
    DateTime? AnsweredAt,
    string? DepartmentName,
    string? DeclineReason);

/// <summary>
/// The writer's look-up of their letter by query code and phone. A wrong code, a wrong phone and a code that is no
/// code at all get the same answer, no sooner than <see cref="AnswerTime"/> after the request began, right or wrong.
/// </summary>
public sealed class LetterQuery(PortalDbContext db, QueryCodes codes, TimeProvider clock)
{
    /// <summary>Far above a look-up by an indexed hash, and still no wait a person notices.</summary>
    public static readonly TimeSpan AnswerTime = TimeSpan.FromMilliseconds(300);

    public const string NotFound = "没有查到信件。请核对查询码和联系电话（须与写信时填写的一致）后再试。";

    public async Task<LetterQueryAnswer?> FindAsync(string? typedCode, string? typedPhone, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var answer = await LookUpAsync(typedCode, typedPhone, cancellationToken);
        await AnswerFloor.WaitOutAsync(started, AnswerTime, clock);
        return answer;
    }

    private async Task<LetterQueryAnswer?> LookUpAsync(string? typedCode, string? typedPhone, CancellationToken cancellationToken)
    {
        // Hashed whether or not the code is well formed, so a malformed one costs what a wrong one does.
        var hash = codes.Hash(QueryCodes.Normalise(typedCode) ?? string.Empty);
        var phone = ContactNumbers.MainlandPhone(typedPhone) ?? string.Empty;
        var letter = await db.Letters.AsNoTracking()
            .Where(l => l.QueryCodeHash == hash)
            .Select(l => new
            {
                l.WriterPhone,
                l.Subject,
                TypeName = l.Type.Name,
                l.ReceivedAt,
                l.DueOn,
                l.Status,
                l.Answer,
                l.AnsweredAt,
                DepartmentName = l.Department == null ? null : l.Department.Name,
                l.DeclineReason,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (letter?.WriterPhone is not { } writerPhone
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(writerPhone), Encoding.ASCII.GetBytes(phone)))
        {
            return null;
        }

        var closedWithAnswer = letter.Status is LetterStatus.Published or LetterStatus.NotPublished;
        return new LetterQueryAnswer(
            letter.Subject,
            letter.TypeName,
            letter.ReceivedAt,
            letter.DueOn,
            LetterStatusNames.Of(letter.Status),
            closedWithAnswer ? letter.Answer : null,
            closedWithAnswer ? letter.AnsweredAt : null,
            closedWithAnswer ? letter.DepartmentName : null,
            letter.Status == LetterStatus.Declined ? letter.DeclineReason : null);
    }
}
