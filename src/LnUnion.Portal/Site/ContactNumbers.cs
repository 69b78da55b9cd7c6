using System.Text.RegularExpressions;

namespace LnUnion.Portal.Site;

/// <summary>
/// Telephone numbers and postcodes as people in China type them: with a Chinese input method on, digits and brackets
/// come out full-width (（０２４）２２８５６６６６), an extension is written 转8001, and an office often gives two numbers.
/// </summary>
public static partial class ContactNumbers
{
    public const string PhoneMessage =
        "电话号码格式不正确。可以写区号和括号、分机（如 024-22856666转8001），多个号码用“/”或“、”隔开（如 024-22856666 / 13800000000）。";

    public const string PostcodeMessage = "邮政编码必须是 6 位数字。";

    /// <summary>One number: country code, area code in brackets, digits with spaces or hyphens, and an extension.</summary>
    private const string OnePhone = @"\+?(?:\(\d{2,5}\) ?)?\d[\d -]{3,18}\d(?: ?转 ?\d{1,6})?";

    /// <summary>Up to three numbers, as the half-width text <see cref="HalfWidth"/> makes.</summary>
    public const string PhonePattern = "^" + OnePhone + "(?: *[/、,;] *" + OnePhone + "){0,2}$";

    public const string PostcodePattern = "^[0-9]{6}$";

    /// <summary>
    /// Full-width letters, digits and punctuation (U+FF01–U+FF5E) as their ASCII forms, the ideographic space as a
    /// space, trimmed; blank is null.
    /// </summary>
    public static string? HalfWidth(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(chars[i] - 0xFEE0),
                '\u3000' => ' ',
                _ => chars[i],
            };
        }

        return new string(chars).Trim();
    }

    /// <summary>
    /// Each number of a phone field with what a phone dials for it: its digits, then a pause (a comma) and the
    /// extension. Text saved before these rules that holds no such number is one number as it stands.
    /// </summary>
    public static IReadOnlyList<(string Text, string Dial)> Numbers(string phone)
    {
        var numbers = OnePhoneRegex().Matches(phone).Select(number => number.Value).DefaultIfEmpty(phone);
        return [.. numbers.Select(number =>
        {
            var parts = number.Split('转', 2);
            var dial = string.Concat(parts[0].Where(c => char.IsAsciiDigit(c) || c == '+'));
            return (number, parts.Length == 2 ? dial + "," + parts[1].Trim() : dial);
        })];
    }

    public const string MainlandPhoneMessage =
        "请填写 11 位手机号码（如 13800000000）或带区号的固定电话（如 024-22856666）。";

    /// <summary>
    /// One mainland number a person can be called back on, as its digits: a mobile (1 and ten digits) or a landline
    /// with its area code (0 and 9–11 digits), typed with spaces, hyphens, brackets or +86; null for anything else.
    /// The one form, so a number typed two ways is one number to the mailbox's per-phone limit and its query.
    /// </summary>
    public static string? MainlandPhone(string? typed)
    {
        var digits = string.Concat((HalfWidth(typed) ?? string.Empty).Where(c => c is not (' ' or '-' or '(' or ')')));
        if (digits.StartsWith("+86", StringComparison.Ordinal) || digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[(digits.IndexOf("86", StringComparison.Ordinal) + 2)..];
            digits = digits.StartsWith('1') ? digits : "0" + digits;
        }

        return MainlandPhoneRegex().IsMatch(digits) ? digits : null;
    }

    [GeneratedRegex(@"^(?:1[3-9]\d{9}|0[1-9]\d{8,10})\z")]
    private static partial Regex MainlandPhoneRegex();

    [GeneratedRegex(OnePhone)]
    private static partial Regex OnePhoneRegex();
}
