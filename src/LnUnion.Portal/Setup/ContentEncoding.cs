using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace LnUnion.Portal.Setup;

/// <summary>The encoding response compression will pick for a request, as the output cache's key.</summary>
public static class ContentEncoding
{
    /// <summary>
    /// "br", "gzip" or "identity": the accepted encoding with the highest quality, Brotli winning ties, as the
    /// compression middleware (Brotli registered before gzip) decides.
    /// </summary>
    public static string Preferred(StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var values))
        {
            return "identity";
        }

        var (best, bestQuality) = ("identity", 0.0);
        foreach (var value in values)
        {
            var quality = value.Quality ?? 1.0;
            var name = value.Value.Value?.ToLowerInvariant() switch
            {
                "br" or "*" => "br",
                "gzip" => "gzip",
                _ => null,
            };
            if (name is not null && quality > 0 && (quality > bestQuality || (quality == bestQuality && name == "br")))
            {
                (best, bestQuality) = (name, quality);
            }
        }

        return best;
    }
}
