namespace LnUnion.Portal.Checks;

/// <summary>Unmasked ID, mobile and bank card numbers in the title, summary, body and the text of attachments.</summary>
public sealed class PersonalDataCheck(AttachmentText attachments, TimeProvider clock) : IArticleCheck
{
    public const string UnreadableKind = "attachment-unreadable";

    public static string KindOf(PersonalNumberKind kind) => kind switch
    {
        PersonalNumberKind.IdNumber => "id-number",
        PersonalNumberKind.Mobile => "mobile-number",
        _ => "bank-card",
    };

    public static bool IsPersonalData(Finding finding) => finding.Kind is "id-number" or "mobile-number" or "bank-card";

    /// <summary>The place name of an attachment: 附件“报名表.xlsx”.</summary>
    public static string AttachmentPlace(string name) => $"附件“{name}”";

    public async Task<IReadOnlyList<Finding>> CheckAsync(CheckedArticle article, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        var findings = new List<Finding>();
        foreach (var (place, text) in CheckedText.Places(article))
        {
            Numbers(findings, place, text, today, canMask: true);
        }

        foreach (var attachment in await attachments.ReadAsync(article.AttachmentMediaIds, cancellationToken))
        {
            var place = AttachmentPlace(attachment.Name);
            Numbers(findings, place, attachment.Text, today, canMask: false);
            if (attachment.Problem is { } problem)
            {
                findings.Add(new Finding(UnreadableKind, FindingSeverity.Warning, place, attachment.Name, $"{problem}：请打开文件自行确认没有未打码的个人信息。"));
            }
        }

        return findings;
    }

    private static void Numbers(List<Finding> findings, string place, string text, DateOnly today, bool canMask)
    {
        foreach (var group in PersonalData.Find(text, today).GroupBy(n => (n.Kind, n.Masked)))
        {
            var (what, advice) = group.Key.Kind switch
            {
                PersonalNumberKind.IdNumber => ("身份证号码", "公开的内容不得包含完整的身份证号码"),
                PersonalNumberKind.Mobile => ("手机号码", "个人手机号码不应公开；如需公布联系方式，请用单位电话"),
                _ => ("银行卡号", "公开的内容不得包含完整的银行卡号"),
            };
            var count = group.Count();
            findings.Add(new Finding(
                KindOf(group.Key.Kind),
                FindingSeverity.Serious,
                place,
                group.Key.Masked,
                $"发现未打码的{what}{(count > 1 ? $"（共 {count} 处）" : string.Empty)}：{advice}。"
                    + (canMask ? "可点“打码”自动替换为打码后的形式。" : "请修改附件后重新上传。"),
                canMask ? group.Key.Masked : null));
        }
    }
}
