using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Site;

namespace LnUnion.Portal.Areas.Admin.Models;

/// <summary>The site settings form. Id, UpdatedBy and UpdatedAt are not here, so they cannot be over-posted.</summary>
public sealed class SettingsInput
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写单位名称。")]
    [StringLength(100, ErrorMessage = "单位名称不能超过 100 个字符。")]
    [Display(Name = "单位名称")]
    public string OrganisationName { get; set; } = string.Empty;

    [StringLength(200, ErrorMessage = "地址不能超过 200 个字符。")]
    [Display(Name = "地址")]
    public string? Address { get; set; }

    [HalfWidth]
    [Postcode]
    [Display(Name = "邮政编码")]
    public string? Postcode { get; set; }

    [HalfWidth]
    [StringLength(50, ErrorMessage = "电话不能超过 50 个字符。")]
    [PhoneNumbers]
    [Display(Name = "电话")]
    public string? Phone { get; set; }

    [HalfWidth]
    [StringLength(100, ErrorMessage = "电子邮箱不能超过 100 个字符。")]
    [EmailAddress(ErrorMessage = "电子邮箱格式不正确。")]
    [Display(Name = "电子邮箱")]
    public string? Email { get; set; }

    [StringLength(200, ErrorMessage = "办公时间不能超过 200 个字符。")]
    [Display(Name = "办公时间")]
    public string? OfficeHours { get; set; }

    [StringLength(200, ErrorMessage = "版权声明不能超过 200 个字符。")]
    [Display(Name = "版权声明（页面底部的英文版权行）")]
    public string? CopyrightLine { get; set; }

    [HalfWidth]
    [StringLength(100, ErrorMessage = "ICP 备案号不能超过 100 个字符。")]
    [RegularExpression(FilingNumbers.IcpPattern, ErrorMessage = FilingNumbers.IcpMessage)]
    [Display(Name = "ICP 备案号")]
    public string? IcpNumber { get; set; }

    [HalfWidth]
    [StringLength(100, ErrorMessage = "公安备案号不能超过 100 个字符。")]
    [RegularExpression(FilingNumbers.PublicSecurityPattern, ErrorMessage = FilingNumbers.PublicSecurityMessage)]
    [Display(Name = "公安备案号")]
    public string? PublicSecurityNumber { get; set; }

    [HalfWidth]
    [StringLength(50, ErrorMessage = "网站标识码不能超过 50 个字符。")]
    [RegularExpression(FilingNumbers.SiteCodePattern, ErrorMessage = FilingNumbers.SiteCodeMessage)]
    [Display(Name = "网站标识码")]
    public string? SiteCode { get; set; }

    [StringLength(500, ErrorMessage = "党政机关网站标识的验证地址不能超过 500 个字符。")]
    [GovSiteMarkUrl]
    [Display(Name = "党政机关网站标识的验证地址")]
    public string? GovSiteMarkUrl { get; set; }

    [Display(Name = "党政机关网站标识图片（从标识管理网站下载后上传）")]
    public IFormFile? NewGovSiteMarkImage { get; set; }

    [Display(Name = "去掉已上传的标识图片")]
    public bool RemoveGovSiteMarkImage { get; set; }
}

/// <summary>The 党政机关网站标识's verification page, on the registry's own site (see <see cref="FilingNumbers"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class GovSiteMarkUrlAttribute() : ValidationAttribute(FilingNumbers.GovSiteMarkMessage)
{
    public override bool IsValid(object? value) =>
        value is not string text || string.IsNullOrWhiteSpace(text) || FilingNumbers.IsGovSiteMarkUrl(text.Trim());
}

public sealed record ServiceAccountRow(int Id, string Name, string? Description, string? Link, string? QrImageName, Guid Version);

public sealed record FriendlyLinkRow(int Id, string Name, string Url, Guid Version);

public sealed class SettingsPageModel
{
    public required SettingsInput Input { get; init; }

    /// <summary>After a conflict: what the other person saved, to compare with what is still in the form.</summary>
    public SettingsInput? Saved { get; init; }

    public DateTime? UpdatedAt { get; init; }

    /// <summary>The 党政机关网站标识 image now saved, if any.</summary>
    public string? GovSiteMarkImageName { get; init; }

    public required IReadOnlyList<ServiceAccountRow> Accounts { get; init; }
    public required IReadOnlyList<FriendlyLinkRow> Links { get; init; }
}

public sealed class ServiceAccountInput
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写名称。")]
    [StringLength(100, ErrorMessage = "名称不能超过 100 个字符。")]
    [Display(Name = "名称")]
    public string Name { get; set; } = string.Empty;

    [StringLength(200, ErrorMessage = "说明不能超过 200 个字符。")]
    [Display(Name = "说明（如“微信小程序”“微信服务号”）")]
    public string? Description { get; set; }

    [StringLength(500, ErrorMessage = "链接不能超过 500 个字符。")]
    [AbsoluteHttpUrl]
    [Display(Name = "链接（可选）")]
    public string? Link { get; set; }

    [Display(Name = "二维码图片（可选）")]
    public IFormFile? NewQrImage { get; set; }

    [Display(Name = "去掉已上传的二维码图片（改为按链接自动生成）")]
    public bool RemoveQrImage { get; set; }
}

public sealed class ServiceAccountEditModel
{
    public int? Id { get; init; }
    public required ServiceAccountInput Input { get; init; }
    public string? QrImageName { get; init; }

    /// <summary>After a conflict: what the other person saved, to compare with what is still in the form.</summary>
    public ServiceAccountInput? Saved { get; init; }
}

public sealed class FriendlyLinkInput
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写网站名称。")]
    [StringLength(100, ErrorMessage = "网站名称不能超过 100 个字符。")]
    [Display(Name = "网站名称")]
    public string Name { get; set; } = string.Empty;

    [Required(ErrorMessage = "请填写网址。")]
    [StringLength(500, ErrorMessage = "网址不能超过 500 个字符。")]
    [AbsoluteHttpUrl]
    [Display(Name = "网址")]
    public string Url { get; set; } = string.Empty;
}

public sealed class FriendlyLinkEditModel
{
    public int? Id { get; init; }
    public required FriendlyLinkInput Input { get; init; }

    /// <summary>After a conflict: what the other person saved, to compare with what is still in the form.</summary>
    public FriendlyLinkInput? Saved { get; init; }
}

/// <summary>
/// A complete http or https address. Anything else — a relative path, <c>javascript:</c>, <c>data:</c> — would be
/// a broken or dangerous link in every page's footer.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AbsoluteHttpUrlAttribute() : ValidationAttribute("网址必须是以 http:// 或 https:// 开头的完整网址。")
{
    public override bool IsValid(object? value) =>
        value is not string text || string.IsNullOrWhiteSpace(text) || IsAbsoluteHttpUrl(text.Trim());

    public static bool IsAbsoluteHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0
        && !text.Any(char.IsWhiteSpace);
}
