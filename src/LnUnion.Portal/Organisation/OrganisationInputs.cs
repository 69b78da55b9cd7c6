using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using LnUnion.Portal.Areas.Admin.Models;

namespace LnUnion.Portal.Organisation;

/// <summary>
/// What staff type for a unit, and also what a revision stores (as JSON, without the version), so that restoring an
/// old revision is the same as saving its form again.
/// </summary>
public sealed class UnitInput
{
    [JsonIgnore]
    public Guid Version { get; set; }

    [Display(Name = "类别")]
    [EnumDataType(typeof(UnitKind), ErrorMessage = "请选择类别。")]
    public UnitKind Kind { get; set; }

    [Required(ErrorMessage = "请填写名称。")]
    [StringLength(OrganisationLengths.Name, ErrorMessage = "名称不能超过 {1} 个字符。")]
    [Display(Name = "名称")]
    public string Name { get; set; } = string.Empty;

    [StringLength(OrganisationLengths.Text, ErrorMessage = "主要职责不能超过 {1} 个字符。")]
    [Display(Name = "主要职责（每段一行）")]
    public string? Duties { get; set; }

    [HalfWidth]
    [StringLength(OrganisationLengths.Phone, ErrorMessage = "电话不能超过 {1} 个字符。")]
    [PhoneNumbers]
    [Display(Name = "电话（可选）")]
    public string? Phone { get; set; }

    [Range(0, 9999, ErrorMessage = "排序号应在 0 到 9999 之间。")]
    [Display(Name = "排序号（小的在前）")]
    public int SortOrder { get; set; }

    [Display(Name = "在网站上显示")]
    public bool IsShown { get; set; } = true;
}

/// <summary>What staff type for a leader; as <see cref="UnitInput"/>, also what a revision stores.</summary>
public sealed class LeaderInput
{
    [JsonIgnore]
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写姓名。")]
    [StringLength(OrganisationLengths.Name, ErrorMessage = "姓名不能超过 {1} 个字符。")]
    [Display(Name = "姓名")]
    public string Name { get; set; } = string.Empty;

    [Required(ErrorMessage = "请填写职务。")]
    [StringLength(OrganisationLengths.Title, ErrorMessage = "职务不能超过 {1} 个字符。")]
    [Display(Name = "职务（按正式发布的写法，如“党组书记、常务副主席”）")]
    public string Title { get; set; } = string.Empty;

    [StringLength(OrganisationLengths.Text, ErrorMessage = "工作分工不能超过 {1} 个字符。")]
    [Display(Name = "工作分工（每段一行）")]
    public string? Responsibilities { get; set; }

    /// <summary>The photo the entry has; a new upload or <see cref="RemovePhoto"/> changes it.</summary>
    public int? PhotoId { get; set; }

    [JsonIgnore]
    [Display(Name = "照片（可选，JPEG、PNG 或 WebP）")]
    public IFormFile? NewPhoto { get; set; }

    [JsonIgnore]
    [Display(Name = "去掉照片")]
    public bool RemovePhoto { get; set; }

    [Range(0, 9999, ErrorMessage = "排序号应在 0 到 9999 之间。")]
    [Display(Name = "排序号（小的在前）")]
    public int SortOrder { get; set; }

    [Display(Name = "在网站上显示")]
    public bool IsShown { get; set; } = true;
}
