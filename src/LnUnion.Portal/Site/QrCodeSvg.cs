using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using QRCoder;

namespace LnUnion.Portal.Site;

/// <summary>
/// Draws a QR code as a small inline SVG: one path, no script, no style attribute, so it passes the
/// content security policy and costs no extra request.
/// </summary>
public sealed class QrCodeSvg
{
    private const int MaxCachedLinks = 256;
    private readonly ConcurrentDictionary<string, Drawing> _drawings = new(StringComparer.Ordinal);

    /// <summary>The SVG element for <paramref name="link"/>, labelled for screen readers with <paramref name="label"/>.</summary>
    public string Render(string link, string label)
    {
        var (size, path) = _drawings.Count < MaxCachedLinks ? _drawings.GetOrAdd(link, Draw) : Draw(link);
        var encodedLabel = System.Net.WebUtility.HtmlEncode(label);
        return $"""<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="{encodedLabel}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>""";
    }

    private sealed record Drawing(int Size, string Path);

    private static Drawing Draw(string link)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var path = new StringBuilder();
        for (var y = 0; y < matrix.Count; y++)
        {
            var row = matrix[y];
            for (var x = 0; x < row.Count; x++)
            {
                if (!row[x])
                {
                    continue;
                }

                // Draw each run of dark modules as one rectangle to keep the path short.
                var start = x;
                while (x + 1 < row.Count && row[x + 1])
                {
                    x++;
                }

                path.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start + 1}v1H{start}z");
            }
        }

        return new Drawing(matrix.Count, path.ToString());
    }
}
