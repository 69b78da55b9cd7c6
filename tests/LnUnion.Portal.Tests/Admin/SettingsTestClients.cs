using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>A member of staff signed in through the real sign-in form, with helpers to fill in and post admin forms.</summary>
public sealed partial class SettingsTestClient(HttpClient client, string userId, string email) : IDisposable
{
    // Long, unusual and unique enough to pass the password rules.
    private const string Password = "辽宁工会网站测试用的口令-7391";

    public HttpClient Client { get; } = client;
    public string UserId { get; } = userId;
    public string Email { get; } = email;

    /// <summary>Creates a user with <paramref name="role"/> and signs them in. Each call makes a new person.</summary>
    public static async Task<SettingsTestClient> SignInAsync(PortalApplication app, string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@settings-tests.example.cn";
        string userId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"测试{role}" };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            userId = user.Id;
        }

        // Admin cookies are Secure, so the client must speak https to keep them.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var signedIn = new SettingsTestClient(client, userId, email);
        var fields = await signedIn.GetFormAsync("/admin/login", "/admin/login");
        fields["Email"] = email;
        fields["Password"] = Password;
        var response = await signedIn.PostAsync("/admin/login", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return signedIn;
    }

    public async Task<string> GetHtmlAsync(string url)
    {
        var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The fields a browser would post from the form whose action is <paramref name="action"/> on the page at <paramref name="url"/>.</summary>
    public async Task<Dictionary<string, string>> GetFormAsync(string url, string action) => FormFields(await GetHtmlAsync(url), action);

    public async Task<HttpResponseMessage> PostAsync(string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await Client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    /// <summary>Posts the form as <c>multipart/form-data</c>, with one file if given, as a browser does for a form with a file input.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string action, IEnumerable<KeyValuePair<string, string>> fields, string? fileField = null, string? fileName = null, byte[]? file = null)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (fileField is not null && file is not null)
        {
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, fileField, fileName ?? "upload.bin");
        }

        return await Client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    /// <summary>Opens the page, fills in its form as <paramref name="change"/> says and posts it.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, string action, Action<Dictionary<string, string>> change)
    {
        var fields = await GetFormAsync(url, action);
        change(fields);
        return await PostAsync(action, fields);
    }

    /// <summary>
    /// Reads a form the way a browser submits it: hidden and text inputs, checked boxes, text areas and selected
    /// options, including the antiforgery token. Fails the test if the page has no such form.
    /// </summary>
    public static Dictionary<string, string> FormFields(string html, string action)
    {
        var form = FormPattern().Matches(html)
            .FirstOrDefault(m => Attribute(m.Groups["attrs"].Value, "action") == action);
        Assert.True(form is not null, $"No form posting to {action} in the page.");
        var body = form.Groups["body"].Value;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (Match input in InputPattern().Matches(body))
        {
            var attrs = input.Groups["attrs"].Value;
            var name = Attribute(attrs, "name");
            var type = Attribute(attrs, "type") ?? "text";
            if (name is null || type is "file" or "submit" or "button" || (type is "checkbox" or "radio" && !HasAttribute(attrs, "checked")))
            {
                continue;
            }

            // A checkbox's hidden "false" comes after the box itself; a checked box wins.
            fields.TryAdd(name, Attribute(attrs, "value") ?? (type == "checkbox" ? "on" : string.Empty));
        }

        foreach (Match textarea in TextareaPattern().Matches(body))
        {
            if (Attribute(textarea.Groups["attrs"].Value, "name") is { } name)
            {
                // Browsers drop the one line break that the tag helper writes after the opening tag.
                var text = WebUtility.HtmlDecode(textarea.Groups["body"].Value);
                fields[name] = text.StartsWith("\r\n", StringComparison.Ordinal) ? text[2..] : text.StartsWith('\n') ? text[1..] : text;
            }
        }

        foreach (Match select in SelectPattern().Matches(body))
        {
            if (Attribute(select.Groups["attrs"].Value, "name") is { } name)
            {
                var options = OptionPattern().Matches(select.Groups["body"].Value);
                var chosen = options.FirstOrDefault(o => HasAttribute(o.Groups["attrs"].Value, "selected")) ?? options.FirstOrDefault();
                if (chosen is not null)
                {
                    fields[name] = Attribute(chosen.Groups["attrs"].Value, "value") ?? string.Empty;
                }
            }
        }

        return fields;
    }

    /// <summary>The messages of the page's validation summary.</summary>
    public static IReadOnlyList<string> Errors(string html) =>
        ErrorSummaryPattern().Match(html) is { Success: true } summary
            ? ListItemPattern().Matches(summary.Groups["body"].Value).Select(m => WebUtility.HtmlDecode(m.Groups["text"].Value)).ToList()
            : [];

    private static string? Attribute(string attrs, string name) =>
        Regex.Match(attrs, $@"(?:^|\s){Regex.Escape(name)}=""(?<v>[^""]*)""") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["v"].Value) : null;

    private static bool HasAttribute(string attrs, string name) => Regex.IsMatch(attrs, $@"(?:^|\s){Regex.Escape(name)}(?:=|\s|$)");

    public void Dispose() => Client.Dispose();

    [GeneratedRegex(@"<form\b(?<attrs>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b(?<attrs>[^>]*?)/?>", RegexOptions.Singleline)]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"<textarea\b(?<attrs>[^>]*)>(?<body>.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextareaPattern();

    [GeneratedRegex(@"<select\b(?<attrs>[^>]*)>(?<body>.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectPattern();

    [GeneratedRegex(@"<option\b(?<attrs>[^>]*)>", RegexOptions.Singleline)]
    private static partial Regex OptionPattern();

    [GeneratedRegex(@"<div class=""alert alert-danger"" role=""alert"">(?<body>.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorSummaryPattern();

    [GeneratedRegex(@"<li>(?<text>.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ListItemPattern();
}
