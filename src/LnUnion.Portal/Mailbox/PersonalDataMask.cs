using System.Text.RegularExpressions;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// Masks the personal numbers a writer or an answer may quote before a published exchange shows them: resident ID
/// numbers (18 characters, the last may be X; the old 15 digits), mobile numbers and landlines with their area code.
/// Digits run in full-width or with spaces or hyphens are found too. The one place this rule lives.
/// </summary>
public static partial class PersonalDataMask
{
    /// <summary>The text with each such number kept only at its ends: 2101**********123X, 138****5678, 024-****6666.</summary>
    public static string Mask(string text)
    {
        var halfWidthDigits = FullWidthDigit().Replace(text, d => ((char)(d.Value[0] - 0xFEE0)).ToString());
        var masked = IdNumber().Replace(halfWidthDigits, id => Keep(id.Value, 4, 4));
        masked = Mobile().Replace(masked, number => number.Groups["country"].Value + Keep(number.Groups["number"].Value, 3, 4));
        return Landline().Replace(masked, number => number.Groups["area"].Value + Keep(number.Groups["local"].Value, 0, 4));
    }

    /// <summary>Keeps <paramref name="head"/> and <paramref name="tail"/> digits and stars every other digit or X, leaving separators.</summary>
    private static string Keep(string number, int head, int tail)
    {
        var digits = number.Count(c => char.IsAsciiDigit(c) || c is 'X' or 'x');
        var seen = 0;
        return string.Concat(number.Select(c =>
        {
            if (!(char.IsAsciiDigit(c) || c is 'X' or 'x'))
            {
                return c;
            }

            seen++;
            return seen <= head || seen > digits - tail ? c : '*';
        }));
    }

    [GeneratedRegex("[０-９]")]
    private static partial Regex FullWidthDigit();

    [GeneratedRegex(@"(?<![\dXx])(?:\d{17}[\dXx]|\d{15})(?![\dXx])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<!\d)(?<country>\+?86[ -]?)?(?<number>1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?!\d)")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<!\d)(?<area>[(（]?0\d{2,3}[)）]?[ -]?)(?<local>\d{7,8})(?!\d)")]
    private static partial Regex Landline();
}
