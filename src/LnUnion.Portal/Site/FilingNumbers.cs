namespace LnUnion.Portal.Site;

/// <summary>
/// The numbers and marks a public body's site shows in its footer, each in the form its registry issues, and where the
/// public checks them.
/// </summary>
public static class FilingNumbers
{
    /// <summary>ICP 备案号, such as 辽ICP备12345678号 or, for one of several sites, 辽ICP备12345678号-1.</summary>
    public const string IcpPattern = @"\s*\p{IsCJKUnifiedIdeographs}ICP备\d{6,10}号(-\d{1,3})?\s*";

    public const string IcpMessage = "ICP 备案号格式应为“辽ICP备12345678号”或“辽ICP备12345678号-1”。";

    /// <summary>公安备案号, such as 辽公网安备21010302000123号: the province and 14 digits.</summary>
    public const string PublicSecurityPattern = @"\s*\p{IsCJKUnifiedIdeographs}公网安备 ?\d{14}号\s*";

    public const string PublicSecurityMessage = "公安备案号格式应为“辽公网安备21010302000123号”（省份简称、“公网安备”和 14 位数字）。";

    /// <summary>网站标识码: ten digits for a local body's site, bm and eight digits for a central department's.</summary>
    public const string SiteCodePattern = @"\s*(\d{10}|[Bb][Mm]\d{8})\s*";

    public const string SiteCodeMessage = "网站标识码应为 10 位数字（如 2100000001）或 bm 加 8 位数字。";

    public const string GovSiteMarkMessage = "党政机关网站标识的验证地址应以 https:// 开头，位于 conac.cn（如 https://bszs.conac.cn/sitename?method=show&id=……）。";

    /// <summary>The 公安 filing system's page for a record: its code is the number's digits.</summary>
    public static string PublicSecurityLink(string number) =>
        "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=" + new string([.. number.Where(char.IsAsciiDigit)]);

    /// <summary>The verification page of the 党政机关网站标识, which only the registry (conac.cn) serves.</summary>
    public static bool IsGovSiteMarkUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && (uri.Host.Equals("conac.cn", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".conac.cn", StringComparison.OrdinalIgnoreCase))
        && !url.Any(char.IsWhiteSpace);
}
