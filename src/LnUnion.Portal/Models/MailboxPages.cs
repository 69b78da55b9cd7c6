using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Site;

namespace LnUnion.Portal.Models;

/// <summary>What the letter form posts. Everything but the files comes back into the form when it is refused.</summary>
public sealed class LetterFormInput
{
    [Required(ErrorMessage = "请选择信件类型。")]
    public int? TypeId { get; set; }

    [Required(ErrorMessage = "请填写标题。")]
    [StringLength(LetterLengths.Subject, ErrorMessage = "标题不能超过 {1} 个字。")]
    public string? Subject { get; set; }

    [Required(ErrorMessage = "请填写信件内容。")]
    [StringLength(LetterLengths.Body, ErrorMessage = "信件内容不能超过 {1} 个字。")]
    public string? Body { get; set; }

    [Required(ErrorMessage = "请填写您的姓名。")]
    [StringLength(Data.Lengths.Short, ErrorMessage = "姓名不能超过 {1} 个字。")]
    public string? Name { get; set; }

    [HalfWidth]
    [Required(ErrorMessage = "请填写联系电话。")]
    [StringLength(LetterLengths.Phone, ErrorMessage = ContactNumbers.MainlandPhoneMessage)]
    public string? Phone { get; set; }

    [HalfWidth]
    [StringLength(LetterLengths.Email, ErrorMessage = "电子邮箱不能超过 {1} 个字符。")]
    [EmailAddress(ErrorMessage = "电子邮箱格式不正确，例如 name@example.com；不需要回复邮件可以不填。")]
    public string? Email { get; set; }

    public bool MayPublish { get; set; }

    /// <summary>The sealed <see cref="LetterFormTicket"/>.</summary>
    public string? Ticket { get; set; }

    /// <summary>The honeypot: hidden from people (and assistive technology), filled in by form-filling scripts.</summary>
    public string? Website { get; set; }

    public List<IFormFile> Attachments { get; set; } = [];
}

public sealed record LetterTypeOption(int Id, string Name, string? Description);

public sealed record LetterFormModel(
    LetterFormInput Input,
    IReadOnlyList<LetterTypeOption> Types,
    string Ticket,
    int MaxAttachments,
    long MaxUploadBytes,
    string? Refusal,
    bool FilesDropped) : IPublicPage
{
    public string Title => "职工信箱";
    public string? Description => "向辽宁省总工会反映问题、咨询政策、提出建议。";
    public string? CanonicalPath => PublicAddresses.Mailbox;
}

/// <summary>The page that shows the query code, once.</summary>
public sealed record LetterWrittenModel(string GroupedCode, string Subject, DateTime ReceivedAt, DateOnly DueOn) : IPublicPage
{
    public string Title => "信件已提交";
    public string? Description => null;
    public string? CanonicalPath => null;
}

public sealed record LetterQueryModel(string? Code, string? Phone, LetterQueryAnswer? Answer, string? Refusal) : IPublicPage
{
    public string Title => "查询信件办理情况";
    public string? Description => "凭查询码和联系电话查询职工信箱来信的办理情况和答复。";
    public string? CanonicalPath => PublicAddresses.MailboxQuery;
}

public sealed record PublishedExchange(
    int Id,
    string TypeName,
    string Subject,
    string Question,
    string Answer,
    DateTime ReceivedAt,
    DateTime AnsweredAt,
    string? DepartmentName);

public sealed record RepliesModel(IReadOnlyList<PublishedExchange> Exchanges, int PageNumber, int PageCount) : IPublicPage
{
    public const int PageSize = 20;

    public string Title => PageNumber > 1 ? $"来信选登（第{PageNumber}页）" : "来信选登";
    public string? Description => "职工信箱公开的来信和答复。";
    public string? CanonicalPath => PublicAddresses.WithPage(PublicAddresses.MailboxReplies, PageNumber);
}

public sealed record ReplyModel(PublishedExchange Exchange) : IPublicPage
{
    public string Title => Exchange.Subject;
    public string? Description => $"职工信箱来信答复：{Exchange.Subject}";
    public string? CanonicalPath => PublicAddresses.MailboxReply(Exchange.Id);
}

public sealed record MailboxStatisticsModel(MailboxStatisticsReport Report) : IPublicPage
{
    public string Title => "职工信箱办理情况统计";
    public string? Description => "职工信箱每月收到来信、答复、按时答复的件数和平均答复用时。";
    public string? CanonicalPath => PublicAddresses.MailboxStatistics;
}
