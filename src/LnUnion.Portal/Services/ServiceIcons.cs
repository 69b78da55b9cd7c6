using System.Collections.Frozen;

namespace LnUnion.Portal.Services;

/// <summary>
/// The icons a 职工服务 entry can have: a few of Bootstrap Icons (MIT), vendored under wwwroot/lib/bootstrap-icons.
/// They are written into the page rather than linked, so that they take the text colour of every reading mode and cost
/// no request; each is read from its file once.
/// </summary>
public sealed class ServiceIcons
{
    /// <summary>Each icon's file name and what staff see it called.</summary>
    public static readonly IReadOnlyList<(string Name, string Label)> Names =
    [
        ("telephone", "电话"),
        ("envelope", "信件"),
        ("chat-dots", "咨询"),
        ("phone", "手机"),
        ("briefcase", "就业"),
        ("person-plus", "入会"),
        ("shield-check", "维权"),
        ("heart", "帮扶"),
        ("house", "职工之家"),
        ("people", "职工"),
        ("mortarboard", "培训"),
        ("info-circle", "信息"),
    ];

    public const string Default = "info-circle";

    private readonly FrozenDictionary<string, string> _markup;

    public ServiceIcons(IWebHostEnvironment environment)
    {
        var files = environment.WebRootFileProvider;
        _markup = Names.ToFrozenDictionary(n => n.Name, n => Markup(ReadAll(files.GetFileInfo($"lib/bootstrap-icons/icons/{n.Name}.svg"))), StringComparer.Ordinal);
    }

    public static bool IsKnown(string? name) => name is not null && Names.Any(n => n.Name == name);

    /// <summary>The icon as inline SVG, hidden from assistive technology: the entry's name says what it is.</summary>
    public string Svg(string name) => _markup.GetValueOrDefault(name) ?? _markup[Default];

    private static string ReadAll(Microsoft.Extensions.FileProviders.IFileInfo file)
    {
        using var reader = new StreamReader(file.CreateReadStream());
        return reader.ReadToEnd();
    }

    /// <summary>The drawing of the file, in an element of this site's own size and attributes.</summary>
    private static string Markup(string file)
    {
        var start = file.IndexOf('>', StringComparison.Ordinal) + 1;
        var end = file.LastIndexOf("</svg>", StringComparison.Ordinal);
        var paths = string.Join(string.Empty, file[start..end].Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return $"<svg class=\"service-icon\" viewBox=\"0 0 16 16\" width=\"32\" height=\"32\" fill=\"currentColor\" aria-hidden=\"true\" focusable=\"false\">{paths}</svg>";
    }
}
