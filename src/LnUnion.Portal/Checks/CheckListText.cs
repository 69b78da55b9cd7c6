using System.Globalization;
using System.Text;

namespace LnUnion.Portal.Checks;

/// <summary>A list line as it is imported or exported: the term without its row's bookkeeping.</summary>
public sealed record CheckListLine(string Text, string? Detail, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>
/// The text form of each list, one term a line, UTF-8: what 导出 writes and 导入 reads, so an exported file imports
/// again unchanged. Lines starting with # and blank lines are skipped.
/// </summary>
public static class CheckListText
{
    private static readonly string[] MistakeSeparators = ["→", "->", "=>", "\t"];
    private static readonly char[] PersonSeparators = ['|', '\t', '｜'];

    public static string FormatHelp(CheckTermKind kind) => kind switch
    {
        CheckTermKind.Sensitive => "每行一个词。",
        CheckTermKind.Mistake => "每行一条：错误写法→正确写法，例如“按装→安装”。",
        _ => "每行一条：姓名|职务|起始日期|截止日期，日期写作 2025-01-31，可留空，例如“张某某|副主席|2024-01-01|”。",
    };

    public static string Write(CheckTermKind kind, IEnumerable<CheckListLine> lines)
    {
        var text = new StringBuilder().Append("# ").Append(CheckListNames.Of(kind)).Append('：').Append(FormatHelp(kind)).Append('\n');
        foreach (var line in lines)
        {
            text.Append(kind switch
            {
                CheckTermKind.Sensitive => line.Text,
                CheckTermKind.Mistake => $"{line.Text}→{line.Detail}",
                _ => $"{line.Text}|{line.Detail}|{Date(line.ValidFrom)}|{Date(line.ValidTo)}",
            }).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The lines of <paramref name="text"/>, or for each line that cannot be read, why (第 3 行：…).</summary>
    public static (List<CheckListLine> Lines, List<string> Errors) Parse(CheckTermKind kind, string text)
    {
        var lines = new List<CheckListLine>();
        var errors = new List<string>();
        var number = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var (parsed, error) = ParseLine(kind, line);
            if (error is not null)
            {
                errors.Add($"第 {number} 行（{Shorten(line)}）：{error}");
            }
            else
            {
                lines.Add(parsed!);
            }
        }

        return (lines, errors);
    }

    /// <summary>What is wrong with a term, whether typed in the form or read from a file; null when it is fine.</summary>
    public static string? Problem(CheckTermKind kind, CheckListLine line)
    {
        if (string.IsNullOrWhiteSpace(line.Text))
        {
            return kind == CheckTermKind.Person ? "缺少姓名。" : "缺少词语。";
        }

        if (line.Text.Length > CheckTerm.MaxTextLength)
        {
            return $"{(kind == CheckTermKind.Person ? "姓名" : "词语")}不能超过 {CheckTerm.MaxTextLength} 个字。";
        }

        if (kind == CheckTermKind.Mistake && string.IsNullOrWhiteSpace(line.Detail))
        {
            return "缺少正确写法。";
        }

        if (kind == CheckTermKind.Mistake && line.Detail == line.Text)
        {
            return "正确写法与错误写法相同。";
        }

        if (kind == CheckTermKind.Person && string.IsNullOrWhiteSpace(line.Detail))
        {
            return "缺少职务。";
        }

        if (line.Detail?.Length > CheckTerm.MaxDetailLength)
        {
            return $"{(kind == CheckTermKind.Person ? "职务" : "正确写法")}不能超过 {CheckTerm.MaxDetailLength} 个字。";
        }

        return line.ValidFrom > line.ValidTo ? "截止日期早于起始日期。" : null;
    }

    private static (CheckListLine? Line, string? Error) ParseLine(CheckTermKind kind, string line)
    {
        CheckListLine parsed;
        switch (kind)
        {
            case CheckTermKind.Sensitive:
                parsed = new CheckListLine(line, null, null, null);
                break;
            case CheckTermKind.Mistake:
                var separator = MistakeSeparators.FirstOrDefault(s => line.Contains(s, StringComparison.Ordinal));
                if (separator is null)
                {
                    return (null, "缺少“→”：格式为“错误写法→正确写法”。");
                }

                var at = line.IndexOf(separator, StringComparison.Ordinal);
                parsed = new CheckListLine(line[..at].Trim(), line[(at + separator.Length)..].Trim(), null, null);
                break;
            default:
                var parts = line.Split(PersonSeparators).Select(p => p.Trim()).ToArray();
                if (parts.Length is < 2 or > 4)
                {
                    return (null, "格式为“姓名|职务|起始日期|截止日期”，日期可留空。");
                }

                DateOnly? from = null, to = null;
                if (parts.Length > 2 && !TryDate(parts[2], out from))
                {
                    return (null, $"起始日期“{parts[2]}”不是 2025-01-31 这样的日期。");
                }

                if (parts.Length > 3 && !TryDate(parts[3], out to))
                {
                    return (null, $"截止日期“{parts[3]}”不是 2025-01-31 这样的日期。");
                }

                parsed = new CheckListLine(parts[0], parts[1], from, to);
                break;
        }

        return Problem(kind, parsed) is { } problem ? (null, problem) : (parsed, null);
    }

    private static bool TryDate(string text, out DateOnly? date)
    {
        date = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Shorten(string line) => line.Length <= 30 ? line : line[..30] + "……";
}

/// <summary>The lists' names and addresses under /admin/checks.</summary>
public static class CheckListNames
{
    public static string Of(CheckTermKind kind) => kind switch
    {
        CheckTermKind.Sensitive => "敏感词",
        CheckTermKind.Mistake => "易错词",
        _ => "领导姓名和职务",
    };

    public static string Slug(CheckTermKind kind) => kind switch
    {
        CheckTermKind.Sensitive => "sensitive",
        CheckTermKind.Mistake => "mistakes",
        _ => "people",
    };

    public static CheckTermKind? FromSlug(string? slug) => slug switch
    {
        "sensitive" => CheckTermKind.Sensitive,
        "mistakes" => CheckTermKind.Mistake,
        "people" => CheckTermKind.Person,
        _ => null,
    };
}
