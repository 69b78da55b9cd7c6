using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// Contact details, footer lines, service accounts and friendly links. They show on every public page, so each
/// change evicts the whole public cache.
/// </summary>
[Authorize(Policy = Policies.Settings)]
[Route("admin/settings")]
public sealed class SettingsController(
    PortalDbContext db,
    Uploads uploads,
    ContentChanges changes,
    TimeProvider clock) : AdminController
{
    // Large enough that the configured upload limit, not the server, refuses an oversized image with a clear message.
    private const long MaxFormBytes = 200L * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await PageModelAsync(await SavedAsync(cancellationToken) ?? new SettingsInput(), saved: null, cancellationToken));

    /// <summary>Named Save, not Index, so that the audit log reads "settings.save".</summary>
    [HttpPost("")]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
    public async Task<IActionResult> Save(SettingsInput input, CancellationToken cancellationToken)
    {
        var markImage = ModelState.IsValid ? await SaveImageAsync(input.NewGovSiteMarkImage, nameof(SettingsInput.NewGovSiteMarkImage), cancellationToken) : null;
        if (!ModelState.IsValid)
        {
            return View(nameof(Index), await PageModelAsync(input, saved: null, cancellationToken));
        }

        var settings = await db.SiteSettings.SingleOrDefaultAsync(s => s.Id == SiteSettings.SingletonId, cancellationToken);
        var isNew = settings is null;
        if (settings is null)
        {
            settings = new SiteSettings { OrganisationName = input.OrganisationName };
            db.SiteSettings.Add(settings);
        }

        settings.OrganisationName = input.OrganisationName.Trim();
        settings.Address = TextInput.Clean(input.Address);
        settings.Postcode = TextInput.Clean(input.Postcode);
        settings.Phone = TextInput.Clean(input.Phone);
        settings.Email = TextInput.Clean(input.Email);
        settings.OfficeHours = TextInput.Clean(input.OfficeHours);
        settings.CopyrightLine = TextInput.Clean(input.CopyrightLine);
        settings.IcpNumber = TextInput.Clean(input.IcpNumber);
        settings.PublicSecurityNumber = TextInput.Clean(input.PublicSecurityNumber);
        settings.SiteCode = TextInput.Clean(input.SiteCode);
        settings.GovSiteMarkUrl = TextInput.Clean(input.GovSiteMarkUrl);
        if (markImage is not null)
        {
            settings.GovSiteMarkImage = markImage;
        }
        else if (input.RemoveGovSiteMarkImage)
        {
            // The file stays in the media library; only the footer stops showing it.
            settings.GovSiteMarkImage = null;
            settings.GovSiteMarkImageId = null;
        }

        settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        settings.UpdatedById = UserId;
        changes.EverythingChanged();
        if (!await changes.SaveAsync(isNew ? null : settings, input.Version, cancellationToken))
        {
            var saved = await SavedAsync(cancellationToken);
            if (saved is null)
            {
                return NotFound();
            }

            input.Version = saved.Version;
            ShowConflict();
            return View(nameof(Index), await PageModelAsync(input, saved, cancellationToken));
        }

        Flash("网站设置已保存，网站各页面已显示新内容。");
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("accounts/new")]
    public IActionResult NewAccount() => View("AccountEdit", new ServiceAccountEditModel { Input = new ServiceAccountInput() });

    [HttpPost("accounts/new")]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
    public async Task<IActionResult> NewAccount(ServiceAccountInput input, CancellationToken cancellationToken)
    {
        var image = ModelState.IsValid ? await SaveImageAsync(input.NewQrImage, nameof(ServiceAccountInput.NewQrImage), cancellationToken) : null;
        if (!ModelState.IsValid)
        {
            return View("AccountEdit", new ServiceAccountEditModel { Input = input });
        }

        var last = await db.ServiceAccounts.MaxAsync(a => (int?)a.SortOrder, cancellationToken) ?? 0;
        db.ServiceAccounts.Add(new ServiceAccount
        {
            Name = input.Name.Trim(),
            Description = TextInput.Clean(input.Description),
            Link = TextInput.Clean(input.Link),
            QrImage = image,
            SortOrder = last + 1,
        });
        await SaveAsync(row: null, version: default, cancellationToken);
        Flash($"已添加“{input.Name.Trim()}”。");
        return RedirectToIndex("accounts");
    }

    [HttpGet("accounts/{id:int}/edit")]
    public async Task<IActionResult> EditAccount(int id, CancellationToken cancellationToken)
    {
        var account = await SavedAccountAsync(id, cancellationToken);
        return account is null
            ? NotFound()
            : View("AccountEdit", new ServiceAccountEditModel { Id = id, Input = account.Input, QrImageName = account.QrImageName });
    }

    [HttpPost("accounts/{id:int}/edit")]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
    public async Task<IActionResult> EditAccount(int id, ServiceAccountInput input, CancellationToken cancellationToken)
    {
        var account = await db.ServiceAccounts.Include(a => a.QrImage).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            return NotFound();
        }

        var image = ModelState.IsValid ? await SaveImageAsync(input.NewQrImage, nameof(ServiceAccountInput.NewQrImage), cancellationToken) : null;
        if (!ModelState.IsValid)
        {
            return View("AccountEdit", new ServiceAccountEditModel { Id = id, Input = input, QrImageName = account.QrImage?.StoredName });
        }

        account.Name = input.Name.Trim();
        account.Description = TextInput.Clean(input.Description);
        account.Link = TextInput.Clean(input.Link);
        if (image is not null)
        {
            account.QrImage = image;
        }
        else if (input.RemoveQrImage)
        {
            // The file stays in the media library; only this account stops showing it.
            account.QrImage = null;
            account.QrImageId = null;
        }

        if (!await SaveAsync(account, input.Version, cancellationToken))
        {
            var saved = await SavedAccountAsync(id, cancellationToken);
            if (saved is null)
            {
                return NotFound();
            }

            input.Version = saved.Input.Version;
            ShowConflict();
            return View("AccountEdit", new ServiceAccountEditModel { Id = id, Input = input, QrImageName = saved.QrImageName, Saved = saved.Input });
        }

        Flash($"已保存“{account.Name}”。");
        return RedirectToIndex("accounts");
    }

    [HttpPost("accounts/{id:int}/delete")]
    public async Task<IActionResult> DeleteAccount(int id, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var account = await db.ServiceAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            return NotFound();
        }

        db.ServiceAccounts.Remove(account);
        if (!await SaveAsync(account, version, cancellationToken))
        {
            return await ConflictOnIndexAsync(cancellationToken);
        }

        Flash($"已删除“{account.Name}”。");
        return RedirectToIndex("accounts");
    }

    [HttpPost("accounts/{id:int}/up")]
    public Task<IActionResult> MoveAccountUp(int id, [FromForm] Guid version, CancellationToken cancellationToken) => MoveAccountAsync(id, version, -1, cancellationToken);

    [HttpPost("accounts/{id:int}/down")]
    public Task<IActionResult> MoveAccountDown(int id, [FromForm] Guid version, CancellationToken cancellationToken) => MoveAccountAsync(id, version, +1, cancellationToken);

    [HttpGet("links/new")]
    public IActionResult NewLink() => View("LinkEdit", new FriendlyLinkEditModel { Input = new FriendlyLinkInput() });

    [HttpPost("links/new")]
    public async Task<IActionResult> NewLink(FriendlyLinkInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View("LinkEdit", new FriendlyLinkEditModel { Input = input });
        }

        var last = await db.FriendlyLinks.MaxAsync(l => (int?)l.SortOrder, cancellationToken) ?? 0;
        db.FriendlyLinks.Add(new FriendlyLink { Name = input.Name.Trim(), Url = input.Url.Trim(), SortOrder = last + 1 });
        await SaveAsync(row: null, version: default, cancellationToken);
        Flash($"已添加友情链接“{input.Name.Trim()}”。");
        return RedirectToIndex("links");
    }

    [HttpGet("links/{id:int}/edit")]
    public async Task<IActionResult> EditLink(int id, CancellationToken cancellationToken)
    {
        var link = await SavedLinkAsync(id, cancellationToken);
        return link is null ? NotFound() : View("LinkEdit", new FriendlyLinkEditModel { Id = id, Input = link });
    }

    [HttpPost("links/{id:int}/edit")]
    public async Task<IActionResult> EditLink(int id, FriendlyLinkInput input, CancellationToken cancellationToken)
    {
        var link = await db.FriendlyLinks.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (link is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return View("LinkEdit", new FriendlyLinkEditModel { Id = id, Input = input });
        }

        link.Name = input.Name.Trim();
        link.Url = input.Url.Trim();
        if (!await SaveAsync(link, input.Version, cancellationToken))
        {
            var saved = await SavedLinkAsync(id, cancellationToken);
            if (saved is null)
            {
                return NotFound();
            }

            input.Version = saved.Version;
            ShowConflict();
            return View("LinkEdit", new FriendlyLinkEditModel { Id = id, Input = input, Saved = saved });
        }

        Flash($"已保存友情链接“{link.Name}”。");
        return RedirectToIndex("links");
    }

    [HttpPost("links/{id:int}/delete")]
    public async Task<IActionResult> DeleteLink(int id, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var link = await db.FriendlyLinks.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (link is null)
        {
            return NotFound();
        }

        db.FriendlyLinks.Remove(link);
        if (!await SaveAsync(link, version, cancellationToken))
        {
            return await ConflictOnIndexAsync(cancellationToken);
        }

        Flash($"已删除友情链接“{link.Name}”。");
        return RedirectToIndex("links");
    }

    [HttpPost("links/{id:int}/up")]
    public Task<IActionResult> MoveLinkUp(int id, [FromForm] Guid version, CancellationToken cancellationToken) => MoveLinkAsync(id, version, -1, cancellationToken);

    [HttpPost("links/{id:int}/down")]
    public Task<IActionResult> MoveLinkDown(int id, [FromForm] Guid version, CancellationToken cancellationToken) => MoveLinkAsync(id, version, +1, cancellationToken);

    private Task<IActionResult> MoveAccountAsync(int id, Guid version, int step, CancellationToken cancellationToken) =>
        MoveAsync(db.ServiceAccounts, id, version, step, "accounts", cancellationToken);

    private Task<IActionResult> MoveLinkAsync(int id, Guid version, int step, CancellationToken cancellationToken) =>
        MoveAsync(db.FriendlyLinks, id, version, step, "links", cancellationToken);

    /// <summary>Moves the item one place (see <see cref="ListOrder"/>).</summary>
    private async Task<IActionResult> MoveAsync<T>(DbSet<T> rows, int id, Guid version, int step, string section, CancellationToken cancellationToken)
        where T : class, IStaffOrdered
    {
        if (await ListOrder.MoveAsync(db, rows, id, step, cancellationToken) is not { } moved)
        {
            return NotFound();
        }

        return await SaveAsync(moved, version, cancellationToken) ? RedirectToIndex(section) : await ConflictOnIndexAsync(cancellationToken);
    }

    /// <summary>Saves a change of a service account or link (or a new one, with no row), which shows on every page.</summary>
    private Task<bool> SaveAsync(IVersioned? row, Guid version, CancellationToken cancellationToken)
    {
        changes.EverythingChanged();
        return changes.SaveAsync(row, version, cancellationToken);
    }

    /// <summary>A list button posted from a page older than the row: the settings page as it now is, with the message.</summary>
    private async Task<IActionResult> ConflictOnIndexAsync(CancellationToken cancellationToken)
    {
        ShowConflict();
        return View(nameof(Index), await PageModelAsync(await SavedAsync(cancellationToken) ?? new SettingsInput(), saved: null, cancellationToken));
    }

    private RedirectResult RedirectToIndex(string section) => Redirect($"{Url.Action(nameof(Index))}#{section}");

    /// <summary>Stores an uploaded image (a QR code, the 党政机关网站标识), or puts the reason it was refused on the form.</summary>
    private async Task<MediaFile?> SaveImageAsync(IFormFile? upload, string field, CancellationToken cancellationToken)
    {
        if (upload is not { Length: > 0 } file)
        {
            return null;
        }

        var result = await uploads.SaveAsync(file, UserId, cancellationToken, imagesOnly: true);
        if (result.File is null)
        {
            ModelState.AddModelError($"Input.{field}", result.Error!);
            return null;
        }

        db.MediaFiles.Add(result.File);
        return result.File;
    }

    private Task<SavedAccount?> SavedAccountAsync(int id, CancellationToken cancellationToken) =>
        db.ServiceAccounts.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new SavedAccount(
                new ServiceAccountInput { Version = a.Version, Name = a.Name, Description = a.Description, Link = a.Link },
                a.QrImage == null ? null : a.QrImage.StoredName))
            .SingleOrDefaultAsync(cancellationToken);

    private sealed record SavedAccount(ServiceAccountInput Input, string? QrImageName);

    private Task<FriendlyLinkInput?> SavedLinkAsync(int id, CancellationToken cancellationToken) =>
        db.FriendlyLinks.AsNoTracking()
            .Where(l => l.Id == id)
            .Select(l => new FriendlyLinkInput { Version = l.Version, Name = l.Name, Url = l.Url })
            .SingleOrDefaultAsync(cancellationToken);

    private Task<SettingsInput?> SavedAsync(CancellationToken cancellationToken) =>
        db.SiteSettings.AsNoTracking()
            .Where(s => s.Id == SiteSettings.SingletonId)
            .Select(s => new SettingsInput
            {
                Version = s.Version,
                OrganisationName = s.OrganisationName,
                Address = s.Address,
                Postcode = s.Postcode,
                Phone = s.Phone,
                Email = s.Email,
                OfficeHours = s.OfficeHours,
                CopyrightLine = s.CopyrightLine,
                IcpNumber = s.IcpNumber,
                PublicSecurityNumber = s.PublicSecurityNumber,
                SiteCode = s.SiteCode,
                GovSiteMarkUrl = s.GovSiteMarkUrl,
            })
            .SingleOrDefaultAsync(cancellationToken);

    private async Task<SettingsPageModel> PageModelAsync(SettingsInput input, SettingsInput? saved, CancellationToken cancellationToken) => new()
    {
        Input = input,
        Saved = saved,
        UpdatedAt = await db.SiteSettings.AsNoTracking().Where(s => s.Id == SiteSettings.SingletonId).Select(s => (DateTime?)s.UpdatedAt).SingleOrDefaultAsync(cancellationToken),
        GovSiteMarkImageName = await db.SiteSettings.AsNoTracking().Where(s => s.Id == SiteSettings.SingletonId).Select(s => s.GovSiteMarkImage == null ? null : s.GovSiteMarkImage.StoredName).SingleOrDefaultAsync(cancellationToken),
        Accounts = await db.ServiceAccounts.AsNoTracking()
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Id)
            .Select(a => new ServiceAccountRow(a.Id, a.Name, a.Description, a.Link, a.QrImage == null ? null : a.QrImage.StoredName, a.Version))
            .ToListAsync(cancellationToken),
        Links = await db.FriendlyLinks.AsNoTracking()
            .OrderBy(l => l.SortOrder).ThenBy(l => l.Id)
            .Select(l => new FriendlyLinkRow(l.Id, l.Name, l.Url, l.Version))
            .ToListAsync(cancellationToken),
    };
}
