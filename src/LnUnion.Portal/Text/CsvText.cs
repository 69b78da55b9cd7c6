using System.Text;

namespace LnUnion.Portal.Text;

/// <summary>CSV that Excel opens as Chinese: UTF-8 with a byte-order mark, CRLF line ends.</summary>
public sealed class CsvText
{
    private readonly StringBuilder _csv = new();

    public void Line(params string[] values)
    {
        _csv.AppendJoin(',', values.Select(Field));
        _csv.Append("\r\n");
    }

    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_csv.ToString())];

    /// <summary>Quoted when needed; a leading =, +, - or @ is made text, so Excel never runs a value as a formula.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
