using LnUnion.Portal.Data;
using LnUnion.Portal.Media;

namespace LnUnion.Portal.Models;

public sealed record NavigationItem(string Name, string Path);

public sealed record ServiceAccountItem(string Name, string? Description, string? Link, StoredImage? QrImage);

public sealed record FriendlyLinkItem(string Name, string Url);

/// <summary>What the header and footer of every public page show.</summary>
public sealed record SiteChromeModel(
    SiteSettings Settings,
    IReadOnlyList<NavigationItem> Navigation,
    IReadOnlyList<ServiceAccountItem> ServiceAccounts,
    IReadOnlyList<FriendlyLinkItem> FriendlyLinks);
