using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace LnUnion.Portal.Setup;

/// <summary>
/// Decides which encoding a response is sent in. The output cache keys its entries by <see cref="Preferred"/> and
/// the compressor (<see cref="Selection"/>) compresses with exactly that encoding, so an entry only ever holds bytes
/// in the encoding of its key: a cache in front of compression stores compressed bodies, and if the two read an
/// Accept-Encoding header differently, one client's Brotli lands in the entry every gzip-only client is served from.
/// </summary>
public static class ContentEncoding
{
    public const string Brotli = "br";
    public const string Gzip = "gzip";
    public const string Identity = "identity";

    /// <summary>Best first: on equal quality Brotli is smaller, and any compression beats none.</summary>
    private static readonly string[] Offered = [Brotli, Gzip, Identity];

    /// <summary>
    /// "br", "gzip" or "identity": the offered encoding the client rates highest (RFC 9110 §12.5.3). An encoding
    /// is rated by its own entry, else by "*"; one the header does not mention is refused, except identity, which
    /// is acceptable unless refused by name or by "*;q=0". A coding named twice counts at its lower rating, so a
    /// refusal always holds. When nothing offered is acceptable, or the header cannot be read, the body goes
    /// unencoded, as the RFC advises, and as every client can read.
    /// </summary>
    public static string Preferred(StringValues acceptEncoding)
    {
        if (StringValues.IsNullOrEmpty(acceptEncoding)
            || !StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var values))
        {
            return Identity;
        }

        var (best, bestQuality) = (Identity, 0.0);
        foreach (var encoding in Offered)
        {
            var quality = Quality(values, encoding);
            if (quality > bestQuality)
            {
                (best, bestQuality) = (encoding, quality);
            }
        }

        return best;
    }

    private static double Quality(IList<StringWithQualityHeaderValue> values, string encoding)
    {
        double? named = null;
        double? any = null;
        foreach (var value in values)
        {
            var quality = Math.Clamp(value.Quality ?? 1.0, 0.0, 1.0);
            if (value.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase))
            {
                named = Math.Min(named ?? 1.0, quality);
            }
            else if (value.Value.Equals("*", StringComparison.Ordinal))
            {
                any = Math.Min(any ?? 1.0, quality);
            }
        }

        // Identity, when not mentioned at all, is the lowest acceptable choice rather than a refused one.
        return named ?? any ?? (encoding == Identity ? double.Epsilon : 0.0);
    }

    /// <summary>The response compressor's choice of encoding, which is <see cref="Preferred"/>'s.</summary>
    /// <remarks>
    /// The framework's own choice reads the header differently (it stops at "*", ignoring what follows, and lets
    /// "*" override "br;q=0"); which responses are compressible at all is still the framework's decision.
    /// </remarks>
    public sealed class Selection(
        IServiceProvider services,
        IOptions<ResponseCompressionOptions> options,
        IOptions<BrotliCompressionProviderOptions> brotli,
        IOptions<GzipCompressionProviderOptions> gzip) : ResponseCompressionProvider(services, options)
    {
        private readonly BrotliCompressionProvider _brotli = new(brotli);
        private readonly GzipCompressionProvider _gzip = new(gzip);

        public override ICompressionProvider? GetCompressionProvider(HttpContext context) =>
            Preferred(context.Request.Headers.AcceptEncoding) switch
            {
                Brotli => _brotli,
                Gzip => _gzip,
                _ => null,
            };
    }
}
