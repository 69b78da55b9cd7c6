using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Models;

namespace LnUnion.Portal.Site;

/// <summary>The schema.org description of an article that search engines read from its page (JSON-LD).</summary>
public static class StructuredData
{
    /// <summary>
    /// The JSON goes inside a &lt;script&gt; element, so &lt;, &gt; and &amp; must be escaped: a title containing
    /// "&lt;/script&gt;" would otherwise end the element and let the rest be read as HTML. This encoder always escapes
    /// them, and leaves Chinese readable rather than as \u sequences.
    /// </summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(
            UnicodeRanges.BasicLatin,
            UnicodeRanges.GeneralPunctuation,
            UnicodeRanges.CjkSymbolsandPunctuation,
            UnicodeRanges.CjkUnifiedIdeographs,
            UnicodeRanges.CjkUnifiedIdeographsExtensionA,
            UnicodeRanges.HalfwidthandFullwidthForms),
    };

    /// <summary>
    /// A NewsArticle at <paramref name="url"/> (the page's own address, /zh-hant/… for the Traditional page) in the
    /// page's <paramref name="language"/>, published by <paramref name="publisher"/>.
    /// </summary>
    public static string NewsArticle(ArticleModel article, string origin, string url, string language, string publisher)
    {
        var organisation = new JsonObject
        {
            ["@type"] = "Organization",
            ["name"] = publisher,
            ["url"] = origin + "/",
            ["logo"] = new JsonObject { ["@type"] = "ImageObject", ["url"] = origin + "/favicon.svg" },
        };
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["mainEntityOfPage"] = new JsonObject { ["@type"] = "WebPage", ["@id"] = url },
            ["url"] = url,
            ["headline"] = article.Title,
            ["description"] = article.Description,
            ["inLanguage"] = language,
            ["articleSection"] = article.ChannelName,
            ["datePublished"] = ChinaTime.IsoUtc(article.PublishAt),
            ["dateModified"] = ChinaTime.IsoUtc(article.ModifiedAt),
            // Without a named author the federation itself is the author.
            ["author"] = string.IsNullOrWhiteSpace(article.Author)
                ? organisation.DeepClone()
                : new JsonObject { ["@type"] = "Person", ["name"] = article.Author },
            ["publisher"] = organisation,
        };
        if (article.ImagePath is { } image)
        {
            json["image"] = new JsonArray(origin + image);
        }

        return json.ToJsonString(Json);
    }
}
