using LnUnion.Portal.Calendar;
using LnUnion.Portal.Editing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// What the edit pages' script asks for in the background: the editor's recovery copy of the form, and the session
/// (kept alive while they type, and a fresh antiforgery token after they sign in again). Signed out, these answer 401
/// to the script (it sends X-Requested-With), never the sign-in page.
/// </summary>
[Authorize(Policy = Policies.Write)]
[Route("admin/editor")]
[SkipAudit]
public sealed class EditorController(EditorDrafts drafts, IAntiforgery antiforgery, IOptions<EditorSessionOptions> session) : AdminController
{
    /// <summary>
    /// Renews the sign-in at once (a sliding cookie only renews after half its time, so the page could not know when it
    /// ends) and hands out a token for the user as now signed in.
    /// </summary>
    [HttpGet("session")]
    public async Task<IActionResult> Session()
    {
        var signIn = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (signIn is { Succeeded: true, Principal: { } principal, Properties: { } properties })
        {
            properties.IssuedUtc = null;
            properties.ExpiresUtc = null;
            await HttpContext.SignInAsync(IdentityConstants.ApplicationScheme, principal, properties);
        }

        var options = session.Value;
        return Json(new
        {
            token = antiforgery.GetAndStoreTokens(HttpContext).RequestToken,
            expiresInSeconds = (int)options.IdleTimeout.TotalSeconds,
            warnBeforeSeconds = (int)options.WarningBefore.TotalSeconds,
            keepAliveSeconds = (int)options.KeepAliveEvery.TotalSeconds,
        });
    }

    [HttpGet("drafts")]
    public async Task<IActionResult> Draft(string? formKey, CancellationToken cancellationToken)
    {
        if (!EditorDrafts.IsFormKey(formKey))
        {
            return BadRequest(new { error = "表单标识无效。" });
        }

        var draft = await drafts.FindAsync(UserId, formKey!, cancellationToken);
        return draft is null
            ? NotFound(new { error = "没有自动保存的内容。" })
            : Json(new { savedAtUtc = ChinaTime.IsoUtc(draft.SavedAt), savedAt = ClockTime(draft.SavedAt), fields = draft.Fields });
    }

    [HttpPost("drafts")]
    [RequestSizeLimit(EditorDrafts.MaxFieldsBytes + 64 * 1024)]
    [RequestFormLimits(ValueLengthLimit = EditorDrafts.MaxFieldsBytes)]
    public async Task<IActionResult> SaveDraft([FromForm] string? formKey, [FromForm] string? fields, CancellationToken cancellationToken)
    {
        if (!EditorDrafts.IsFormKey(formKey) || EditorDrafts.ParseFields(fields) is not { } parsed)
        {
            return BadRequest(new { error = "自动保存的内容无法识别。" });
        }

        var savedAt = await drafts.SaveAsync(UserId, formKey!, parsed, cancellationToken);
        return Json(new { savedAtUtc = ChinaTime.IsoUtc(savedAt), savedAt = ClockTime(savedAt) });
    }

    [HttpPost("drafts/discard")]
    public async Task<IActionResult> DiscardDraft([FromForm] string? formKey, CancellationToken cancellationToken)
    {
        if (!EditorDrafts.IsFormKey(formKey))
        {
            return BadRequest(new { error = "表单标识无效。" });
        }

        await drafts.DiscardAsync(UserId, formKey!, cancellationToken);
        return NoContent();
    }

    /// <summary>Where the sign-in opened from an edit page lands: the edit page itself carries on.</summary>
    [HttpGet("signed-in")]
    public IActionResult SignedIn() => View();

    private static string ClockTime(DateTime utc) => ChinaTime.FromUtc(utc).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
