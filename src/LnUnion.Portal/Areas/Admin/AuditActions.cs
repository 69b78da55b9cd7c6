using System.Collections.Frozen;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>What an audit entry's target is, so the log can show its title rather than its id.</summary>
public enum AuditTargetKind
{
    /// <summary>No target, or one shown as it is stored (the e-mail address an account action names).</summary>
    AsStored,
    User,
    Article,
    Page,
    Channel,
    Media,
    ServiceAccount,
    FriendlyLink,
    Finding,
    CheckTerm,
}

public sealed record AuditAction(string Name, AuditTargetKind Target);

/// <summary>
/// The Chinese name of every action the audit log records. The log stores the machine-readable key
/// (<c>controller.action</c>, as <see cref="AdminAuditFilter"/> writes it, or the account controller's own keys);
/// only the page translates, so old entries read the same as new ones.
/// </summary>
public static class AuditActions
{
    public static readonly FrozenDictionary<string, AuditAction> All = new Dictionary<string, AuditAction>(StringComparer.Ordinal)
    {
        ["account.login"] = new("登录", AuditTargetKind.AsStored),
        ["account.login-2fa"] = new("两步验证登录", AuditTargetKind.AsStored),
        ["account.logout"] = new("退出登录", AuditTargetKind.AsStored),
        ["account.change-password"] = new("修改自己的密码", AuditTargetKind.AsStored),
        ["account.enable-2fa"] = new("启用两步验证", AuditTargetKind.AsStored),
        ["account.replace-2fa"] = new("更换身份验证器", AuditTargetKind.AsStored),
        ["articles.create"] = new("新建文章", AuditTargetKind.Article),
        ["articles.edit"] = new("修改文章", AuditTargetKind.Article),
        ["articles.submit"] = new("提交审核", AuditTargetKind.Article),
        ["articles.approve"] = new("审核通过", AuditTargetKind.Article),
        ["articles.reject"] = new("退回文章", AuditTargetKind.Article),
        ["articles.withdraw"] = new("撤下文章", AuditTargetKind.Article),
        ["articles.withdrawsubmission"] = new("撤回提交", AuditTargetKind.Article),
        ["articles.publishing"] = new("设置发布时间和置顶", AuditTargetKind.Article),
        ["articles.restore"] = new("恢复文章的历史版本", AuditTargetKind.Article),
        ["articles.mask"] = new("为文章中的个人信息打码", AuditTargetKind.Article),
        ["articles.confirm-finding"] = new("审核时确认保留严重问题", AuditTargetKind.Article),
        ["articles.secrecy-review"] = new("确认保密审查", AuditTargetKind.Article),
        ["articles.backdate"] = new("补发：设定早于实际发布的时间", AuditTargetKind.Article),
        ["articles.focus"] = new("设置焦点图", AuditTargetKind.Article),
        ["articles.addtotopic"] = new("把文章加入专题", AuditTargetKind.Article),
        ["articles.removefromtopic"] = new("把文章移出专题", AuditTargetKind.Article),
        ["checks.create"] = new("添加检查名单条目", AuditTargetKind.CheckTerm),
        ["checks.edit"] = new("修改检查名单条目", AuditTargetKind.CheckTerm),
        ["checks.delete"] = new("删除检查名单条目", AuditTargetKind.CheckTerm),
        ["checks.import"] = new("导入检查名单", AuditTargetKind.AsStored),
        ["pages.edit"] = new("修改页面", AuditTargetKind.Page),
        ["pages.restore"] = new("恢复页面的历史版本", AuditTargetKind.Page),
        ["channels.create"] = new("新建栏目", AuditTargetKind.Channel),
        ["channels.edit"] = new("修改栏目", AuditTargetKind.Channel),
        ["channels.delete"] = new("删除栏目", AuditTargetKind.Channel),
        ["media.index"] = new("上传文件", AuditTargetKind.Media),
        ["media.upload"] = new("在编辑器中上传文件", AuditTargetKind.Media),
        ["media.delete"] = new("删除文件", AuditTargetKind.Media),
        ["settings.save"] = new("保存网站设置", AuditTargetKind.AsStored),
        ["settings.newaccount"] = new("新增服务账号", AuditTargetKind.ServiceAccount),
        ["settings.editaccount"] = new("修改服务账号", AuditTargetKind.ServiceAccount),
        ["settings.deleteaccount"] = new("删除服务账号", AuditTargetKind.ServiceAccount),
        ["settings.moveaccountup"] = new("上移服务账号", AuditTargetKind.ServiceAccount),
        ["settings.moveaccountdown"] = new("下移服务账号", AuditTargetKind.ServiceAccount),
        ["settings.newlink"] = new("新增友情链接", AuditTargetKind.FriendlyLink),
        ["settings.editlink"] = new("修改友情链接", AuditTargetKind.FriendlyLink),
        ["settings.deletelink"] = new("删除友情链接", AuditTargetKind.FriendlyLink),
        ["settings.movelinkup"] = new("上移友情链接", AuditTargetKind.FriendlyLink),
        ["settings.movelinkdown"] = new("下移友情链接", AuditTargetKind.FriendlyLink),
        ["calendar.newday"] = new("添加节假日安排中的一天", AuditTargetKind.AsStored),
        ["calendar.editday"] = new("修改节假日安排中的一天", AuditTargetKind.AsStored),
        ["calendar.deleteday"] = new("删除节假日安排中的一天", AuditTargetKind.AsStored),
        ["calendar.import"] = new("导入一年的节假日安排", AuditTargetKind.AsStored),
        ["scan.start"] = new("开始全站扫描", AuditTargetKind.AsStored),
        ["scan.fixed"] = new("将扫描问题标为已修复", AuditTargetKind.Finding),
        ["scan.ignored"] = new("将扫描问题标为已忽略", AuditTargetKind.Finding),
        ["scan.reopen"] = new("将扫描问题改回待处理", AuditTargetKind.Finding),
        ["letters.accept"] = new("受理信件", AuditTargetKind.AsStored),
        ["letters.assign"] = new("转办信件", AuditTargetKind.AsStored),
        ["letters.answer"] = new("答复信件", AuditTargetKind.AsStored),
        ["letters.approve"] = new("审核通过信件答复", AuditTargetKind.AsStored),
        ["letters.publish"] = new("公开信件", AuditTargetKind.AsStored),
        ["letters.keepprivate"] = new("信件不公开", AuditTargetKind.AsStored),
        ["letters.decline"] = new("不予受理信件", AuditTargetKind.AsStored),
        ["letters.sendback"] = new("退回重办信件", AuditTargetKind.AsStored),
        ["letterdepartments.create"] = new("新增承办部门", AuditTargetKind.AsStored),
        ["letterdepartments.edit"] = new("修改承办部门", AuditTargetKind.AsStored),
        ["letterdepartments.moveup"] = new("上移承办部门", AuditTargetKind.AsStored),
        ["letterdepartments.movedown"] = new("下移承办部门", AuditTargetKind.AsStored),
        ["letterdepartments.delete"] = new("删除承办部门", AuditTargetKind.AsStored),
        ["lettertypes.create"] = new("新增信件类型", AuditTargetKind.AsStored),
        ["lettertypes.edit"] = new("修改信件类型", AuditTargetKind.AsStored),
        ["lettertypes.moveup"] = new("上移信件类型", AuditTargetKind.AsStored),
        ["lettertypes.movedown"] = new("下移信件类型", AuditTargetKind.AsStored),
        ["lettertypes.delete"] = new("删除信件类型", AuditTargetKind.AsStored),
        ["organisation.newunit"] = new("新增机构", AuditTargetKind.AsStored),
        ["organisation.editunit"] = new("修改机构", AuditTargetKind.AsStored),
        ["organisation.restoreunit"] = new("恢复机构的修订", AuditTargetKind.AsStored),
        ["organisation.deleteunit"] = new("删除机构", AuditTargetKind.AsStored),
        ["organisation.newleader"] = new("新增领导", AuditTargetKind.AsStored),
        ["organisation.editleader"] = new("修改领导信息", AuditTargetKind.AsStored),
        ["organisation.restoreleader"] = new("恢复领导信息的修订", AuditTargetKind.AsStored),
        ["organisation.deleteleader"] = new("删除领导", AuditTargetKind.AsStored),
        ["services.new"] = new("新增职工服务", AuditTargetKind.AsStored),
        ["services.edit"] = new("修改职工服务", AuditTargetKind.AsStored),
        ["services.moveup"] = new("上移职工服务", AuditTargetKind.AsStored),
        ["services.movedown"] = new("下移职工服务", AuditTargetKind.AsStored),
        ["topics.create"] = new("新建专题", AuditTargetKind.AsStored),
        ["topics.edit"] = new("修改专题", AuditTargetKind.AsStored),
        ["topics.delete"] = new("删除专题", AuditTargetKind.AsStored),
        ["topics.addarticle"] = new("向专题添加文章", AuditTargetKind.AsStored),
        ["topics.removearticle"] = new("从专题移除文章", AuditTargetKind.AsStored),
        ["users.create"] = new("新建用户", AuditTargetKind.User),
        ["users.updateroles"] = new("修改用户姓名和角色", AuditTargetKind.User),
        ["users.lock"] = new("锁定账号", AuditTargetKind.User),
        ["users.unlock"] = new("解锁账号", AuditTargetKind.User),
        ["users.resetpassword"] = new("重置密码", AuditTargetKind.User),
        ["users.requiretwofactor"] = new("要求两步验证", AuditTargetKind.User),
        ["users.resettwofactor"] = new("重置两步验证", AuditTargetKind.User),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The Chinese name; a key the table does not know (from an older version) is shown as it is.</summary>
    public static string NameOf(string key) => All.TryGetValue(key, out var action) ? action.Name : key;

    /// <summary>The keys whose Chinese name contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Named(string text) =>
        [.. All.Where(a => a.Value.Name.Contains(text, StringComparison.Ordinal)).Select(a => a.Key)];
}
