namespace LnUnion.Portal.Data;

/// <summary>The organisation's details shown in every page's footer and on 联系我们. There is exactly one row.</summary>
public class SiteSettings : IVersioned
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public required string OrganisationName { get; set; }
    public string? Address { get; set; }
    public string? Postcode { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? OfficeHours { get; set; }
    public string? CopyrightLine { get; set; }

    /// <summary>ICP 备案号.</summary>
    public string? IcpNumber { get; set; }

    /// <summary>公安备案号.</summary>
    public string? PublicSecurityNumber { get; set; }

    /// <summary>网站标识码, the code government sites carry.</summary>
    public string? SiteCode { get; set; }

    /// <summary>The 党政机关网站标识's verification address, on the registry's site (conac.cn).</summary>
    public string? GovSiteMarkUrl { get; set; }

    /// <summary>
    /// The 党政机关网站标识 image, served from this site: the registry's usual embed is a script from its own host, which
    /// the pages' CSP refuses.
    /// </summary>
    public int? GovSiteMarkImageId { get; set; }
    public MediaFile? GovSiteMarkImage { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A WeChat mini program or service account, shown with its QR code.</summary>
public class ServiceAccount : IStaffOrdered
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>When there is no uploaded QR image, the QR code is generated from this link.</summary>
    public string? Link { get; set; }

    public int? QrImageId { get; set; }
    public MediaFile? QrImage { get; set; }

    public int SortOrder { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

public class FriendlyLink : IStaffOrdered
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }
    public int SortOrder { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}
