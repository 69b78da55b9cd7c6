using System.Text;
using System.Text.RegularExpressions;
using LnUnion.Portal.Routing;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace LnUnion.Portal.Chinese;

/// <summary>
/// Serves every public page a second time under /zh-hant/ in Traditional script: the prefix is taken off before
/// routing, the page renders as usual, and its HTML is converted on the way out, before compression and so before
/// the output cache stores it.
/// </summary>
public static partial class TraditionalChinese
{
    private const string Prefix = PublicAddresses.TraditionalPrefix;

    private static readonly object ItemKey = new();

    public static bool IsTraditional(this HttpContext context) => context.Items.ContainsKey(ItemKey);

    /// <summary>The language tag of the pages and feeds this request is served in, for lang, xml:lang and JSON-LD.</summary>
    public static string LanguageTag(this HttpContext context) => context.IsTraditional() ? "zh-Hant" : "zh-CN";

    /// <summary>The path of a page in the script this request is served in: its own /zh-hant address under /zh-hant.</summary>
    public static string PathInScript(this HttpContext context, string path) => PublicAddresses.InScript(path, context.IsTraditional());

    /// <summary>
    /// The Simplified path and query the visitor asked for, also on a status or error page, which renders at its own
    /// path: the 简/繁 switch of a 404 page leads to the same missing page in the other script.
    /// </summary>
    public static string RequestedPage(HttpContext context)
    {
        var requested = context.Features.Get<IStatusCodeReExecuteFeature>() is { } status
            ? new PathString(status.OriginalPath) + new QueryString(status.OriginalQueryString)
            : context.Features.Get<IExceptionHandlerPathFeature>() is { } error
                ? error.Path
                : context.Request.Path + context.Request.QueryString;
        return new PathString(requested).StartsWithSegments(Prefix, out var rest) && rest.HasValue ? rest.Value! : requested;
    }

    /// <summary>
    /// Early in the pipeline: takes /zh-hant off the path, notes it for the rest of the request (including the status
    /// and error pages, which re-run the pipeline) and turns Traditional query values into Simplified ones, so that
    /// search and every other action see what they would under the Simplified address.
    /// </summary>
    public static async Task StripPrefixAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments(Prefix, out var rest))
        {
            await next();
            return;
        }

        context.Items[ItemKey] = true;
        if (!rest.HasValue)
        {
            context.Response.Redirect(Prefix + "/" + request.QueryString, permanent: true);
            return;
        }

        if (!IsPage(rest))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (path, query) = (request.Path, request.QueryString);
        request.Path = rest;
        request.QueryString = ToSimplified(request.Query, context.RequestServices.GetRequiredService<ChineseConverter>()) ?? query;
        try
        {
            await next();
        }
        finally
        {
            // As UsePathBase does, so that request logging and the status pages see the address that was asked for.
            (request.Path, request.QueryString) = (path, query);
        }
    }

    /// <summary>Right before the endpoint, inside compression: converts the page the endpoint wrote.</summary>
    public static async Task ConvertResponseAsync(HttpContext context, Func<Task> next)
    {
        if (!context.IsTraditional())
        {
            await next();
            return;
        }

        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        var buffering = new StreamResponseBodyFeature(buffer);
        context.Features.Set<IHttpResponseBodyFeature>(buffering);
        try
        {
            await next();
            await buffering.CompleteAsync();
        }
        finally
        {
            context.Features.Set(original);
        }

        var response = context.Response;
        if (response.Headers.Location is [{ } location] && IsPage(location))
        {
            response.Headers.Location = PublicAddresses.Traditional(location);
        }

        if (buffer.Length == 0)
        {
            return;
        }

        if (!IsConvertible(response.ContentType, out var isHtml))
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(response.Body, context.RequestAborted);
            return;
        }

        var text = context.RequestServices.GetRequiredService<ChineseConverter>()
            .ToTraditional(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        var bytes = Encoding.UTF8.GetBytes(isHtml ? KeepLinksTraditional(text) : text);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>
    /// Both scripts of a page render at the same path once the prefix is off, so every cached page, under whatever
    /// policy, gets a key of its own for Traditional. Tags stay shared: evicting a page evicts both.
    /// </summary>
    public sealed class VaryByScriptPolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            if (context.HttpContext.IsTraditional())
            {
                context.CacheVaryByRules.VaryByValues["script"] = "zh-Hant";
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }

    /// <summary>Null when no value changes, so that an ordinary query string is passed on exactly as it came.</summary>
    private static QueryString? ToSimplified(IQueryCollection query, ChineseConverter converter)
    {
        var builder = new QueryBuilder();
        var changed = false;
        foreach (var (key, values) in query)
        {
            foreach (var value in values)
            {
                var simplified = converter.ToSimplified(value ?? string.Empty);
                changed |= !string.Equals(simplified, value, StringComparison.Ordinal);
                builder.Add(key, simplified);
            }
        }

        return changed ? builder.ToQueryString() : null;
    }

    /// <summary>
    /// Local links and form actions lead to the /zh-hant page, so the reader stays in Traditional. A link that names
    /// its language with hreflang (the 简/繁 switch, the alternates) already points where it means to.
    /// </summary>
    private static string KeepLinksTraditional(string html) => LinkTag().Replace(html, tag =>
        tag.ValueSpan.Contains(" hreflang=", StringComparison.Ordinal)
            ? tag.Value
            : LocalUrl().Replace(tag.Value, url => IsPage(url.Groups[2].Value) ? $"{url.Groups[1].Value}{PublicAddresses.Traditional(url.Groups[2].Value)}\"" : url.Value));

    private static bool IsPage(string url)
    {
        if (!url.StartsWith('/') || url.StartsWith("//", StringComparison.Ordinal))
        {
            return false;
        }

        var end = url.AsSpan().IndexOfAny('?', '#');
        return IsPage(new PathString(end < 0 ? url : url[..end]));
    }

    private static bool IsPage(PathString path) => PublicAddresses.IsPage(path);

    /// <summary>Pages and, for the feeds and sitemap, XML; anything else (files, JSON) passes through as it is.</summary>
    private static bool IsConvertible(string? contentType, out bool isHtml)
    {
        isHtml = false;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type)
            || (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        isHtml = type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase);
        return isHtml || type.SubTypeWithoutSuffix.Equals("xml", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("xml", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<(?:a|link|form)\\s[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LinkTag();

    [GeneratedRegex("(\\s(?:href|action)=\")(/[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex LocalUrl();
}
