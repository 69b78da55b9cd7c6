using System.Globalization;
using System.Text;

namespace LnUnion.Portal.Checks;

public enum PersonalNumberKind
{
    IdNumber,
    Mobile,
    BankCard,
}

/// <summary>A personal number found in a text: where, of what kind, its digits, and how it reads masked.</summary>
public sealed record PersonalNumber(PersonalNumberKind Kind, int Start, int Length, string Value)
{
    public string Masked => PersonalData.Mask(Kind, Value);
}

/// <summary>
/// Mainland ID numbers (18 characters, a plausible birth date and a valid GB 11643 check digit), mobile numbers
/// (11 digits, 1 then 3–9) and bank card numbers (16–19 digits, 3–6 first, valid Luhn digit), each a whole run of
/// digits: a number inside a longer one is none of these. Full-width digits count as digits.
/// </summary>
public static class PersonalData
{
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckDigits = "10X98765432";

    /// <summary>Every personal number in <paramref name="text"/>; <paramref name="today"/> bounds a plausible birth date.</summary>
    public static IEnumerable<PersonalNumber> Find(string text, DateOnly today)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }

            if (i - start > 19)
            {
                continue;
            }

            var digits = Normalise(text.AsSpan(start, i - start));
            if (digits.Length == 17 && i < text.Length && text[i] is 'X' or 'x' or 'Ｘ' or 'ｘ' && (i + 1 == text.Length || !char.IsAsciiLetterOrDigit(text[i + 1])))
            {
                if (IsIdNumber(digits + "X", today))
                {
                    yield return new PersonalNumber(PersonalNumberKind.IdNumber, start, i + 1 - start, digits + "X");
                }

                i++;
                continue;
            }

            if (start > 0 && char.IsAsciiLetter(text[start - 1]) || i < text.Length && char.IsAsciiLetter(text[i]))
            {
                // Part of a code such as a file name or an address: not a number someone wrote down.
                continue;
            }

            if (Classify(digits, today) is { } kind)
            {
                yield return new PersonalNumber(kind, start, i - start, digits);
            }
            else if (start > 0 && text[start - 1] == '+' && digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal) && IsMobile(digits[2..]))
            {
                // +86 13912345678 written without a space: the country code stays, the number is masked.
                yield return new PersonalNumber(PersonalNumberKind.Mobile, start + 2, 11, digits[2..]);
            }
        }
    }

    /// <summary>The text with every personal number whose masked form is <paramref name="masked"/> replaced by it, and how many.</summary>
    public static (string Text, int Count) MaskAll(string text, string masked, DateOnly today, string? replacement = null)
    {
        var matches = Find(text, today).Where(n => n.Masked == masked).ToList();
        if (matches.Count == 0)
        {
            return (text, 0);
        }

        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var match in matches)
        {
            result.Append(text, at, match.Start - at).Append(replacement ?? masked);
            at = match.Start + match.Length;
        }

        return (result.Append(text, at, text.Length - at).ToString(), matches.Count);
    }

    /// <summary>210102********1234, 139****5678, 6222***********1234: enough left to recognise, too little to use.</summary>
    public static string Mask(PersonalNumberKind kind, string value) => kind switch
    {
        PersonalNumberKind.IdNumber => value[..6] + new string('*', 8) + value[14..],
        PersonalNumberKind.Mobile => value[..3] + "****" + value[7..],
        _ => value[..4] + new string('*', value.Length - 8) + value[^4..],
    };

    public static bool IsIdNumber(string value, DateOnly today)
    {
        if (value.Length != 18 || value[0] is < '1' or > '8' || value.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900 || birth > today)
        {
            return false;
        }

        var sum = 0;
        for (var k = 0; k < 17; k++)
        {
            sum += (value[k] - '0') * IdWeights[k];
        }

        return char.ToUpperInvariant(value[17]) == IdCheckDigits[sum % 11];
    }

    public static bool IsLuhnValid(string digits)
    {
        var sum = 0;
        for (var k = 0; k < digits.Length; k++)
        {
            var d = digits[digits.Length - 1 - k] - '0';
            if (k % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    private static PersonalNumberKind? Classify(string digits, DateOnly today)
    {
        if (digits.Length == 18 && IsIdNumber(digits, today))
        {
            return PersonalNumberKind.IdNumber;
        }

        if (IsMobile(digits))
        {
            return PersonalNumberKind.Mobile;
        }

        return digits.Length is >= 16 and <= 19 && digits[0] is >= '3' and <= '6' && IsLuhnValid(digits) ? PersonalNumberKind.BankCard : null;
    }

    private static bool IsMobile(string digits) => digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9';

    private static bool IsDigit(char c) => char.IsAsciiDigit(c) || c is >= '０' and <= '９';

    private static string Normalise(ReadOnlySpan<char> digits)
    {
        Span<char> ascii = stackalloc char[digits.Length];
        for (var k = 0; k < digits.Length; k++)
        {
            ascii[k] = digits[k] >= '０' ? (char)('0' + (digits[k] - '０')) : digits[k];
        }

        return new string(ascii);
    }
}
